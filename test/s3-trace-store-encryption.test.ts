import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { S3TraceStore, type TraceEncryption } from '../src/storage/s3-trace-store.js';
import { pseudoRandomStream } from './support/pseudo-random-stream.js';
import { startS3Server, type S3TestServer } from './support/s3-server.js';

const MiB = 1024 * 1024;
const PART = 5 * MiB;
const meta = { fileName: 'capture.scap.gz', captureId: '01J9Z8K2M4N6P8Q0R2S4T6V8W0', requestedBy: 'U024BE7LH' };
const KMS_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

// s3rver ignores server-side encryption, so these read what the requests asked for at the front door.
describe('S3TraceStore with S3_SSE', () => {
  let server: S3TestServer;
  const stores: S3TraceStore[] = [];

  beforeEach(async () => {
    server = await startS3Server({ buckets: ['captures'] });
    vi.stubEnv('AWS_ACCESS_KEY_ID', server.credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', server.credentials.secretAccessKey);
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  });

  afterEach(async () => {
    for (const store of stores.splice(0)) store.close();
    await server.close();
    vi.unstubAllEnvs();
  });

  function storeWith(encryption?: TraceEncryption): S3TraceStore {
    const store = new S3TraceStore({ bucket: server.bucket, region: server.region, endpoint: server.endpoint, forcePathStyle: true, partSizeBytes: PART, ...(encryption && { encryption }) });
    stores.push(store);
    return store;
  }

  /** The encryption each request that creates an object asked for, by operation. */
  const writes = () =>
    server
      .requests()
      .filter((r) => r.operation === 'PutObject' || r.operation === 'CreateMultipartUpload')
      .map((r) => ({ operation: r.operation, encryption: r.encryption }));

  it('asks for AES256 on a trace smaller than a part (PutObject) and on a multipart upload', async () => {
    const store = storeWith({ type: 'AES256' });
    await store.put('small.scap.gz', pseudoRandomStream(64 * 1024), meta);
    await store.put('big.scap.gz', pseudoRandomStream(2 * PART + 1), meta);
    const aes = { 'x-amz-server-side-encryption': 'AES256' };
    expect(writes()).toEqual([
      { operation: 'PutObject', encryption: aes },
      { operation: 'CreateMultipartUpload', encryption: aes },
    ]);
  });

  it('asks for aws:kms with the key on every upload', async () => {
    const store = storeWith({ type: 'aws:kms', kmsKeyId: KMS_KEY });
    await store.put('small.scap.gz', pseudoRandomStream(1024), meta);
    await store.put('big.scap.gz', pseudoRandomStream(PART + 1), meta);
    const kms = { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': KMS_KEY };
    expect(writes()).toEqual([
      { operation: 'PutObject', encryption: kms },
      { operation: 'CreateMultipartUpload', encryption: kms },
    ]);
  });

  it("leaves encryption to the bucket's default when S3_SSE is unset", async () => {
    await storeWith().put('plain.scap.gz', pseudoRandomStream(PART + 1), meta);
    expect(writes()).toEqual([{ operation: 'CreateMultipartUpload', encryption: {} }]);
  });
});
