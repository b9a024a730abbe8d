import { CreateMultipartUploadCommand, ListMultipartUploadsCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { S3TraceStore } from '../src/storage/s3-trace-store.js';
import { createDigestStream } from '../src/worker/digest-stream.js';
import { pseudoRandomStream } from './support/pseudo-random-stream.js';
import { startS3Server, type S3TestServer } from './support/s3-server.js';

const KEY = 'ticket-generator/ticket-balancer/capture-resumed.scap.gz';
const meta = { fileName: 'capture-resumed.scap.gz', captureId: '01J9Z8K2M4N6P8Q0R2S4T6V8W0', requestedBy: 'U024BE7LH' };

describe('S3TraceStore when an earlier attempt left a multipart upload behind', () => {
  let server: S3TestServer;
  let admin: S3Client;
  let store: S3TraceStore;

  beforeEach(async () => {
    server = await startS3Server({ buckets: ['captures'] });
    vi.stubEnv('AWS_ACCESS_KEY_ID', server.credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', server.credentials.secretAccessKey);
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    admin = new S3Client({ endpoint: server.endpoint, region: server.region, credentials: server.credentials, forcePathStyle: true });
    store = new S3TraceStore({ bucket: server.bucket, region: server.region, endpoint: server.endpoint, forcePathStyle: true, partSizeBytes: 5 * 1024 * 1024 });
  });

  afterEach(async () => {
    store.close();
    admin.destroy();
    await server.close();
    vi.unstubAllEnvs();
  });

  const pending = async () => (await admin.send(new ListMultipartUploadsCommand({ Bucket: server.bucket }))).Uploads ?? [];

  it('aborts the leftover upload of the same key and stores the trace whole', async () => {
    const started = await admin.send(new CreateMultipartUploadCommand({ Bucket: server.bucket, Key: KEY }));
    await admin.send(new UploadPartCommand({ Bucket: server.bucket, Key: KEY, UploadId: started.UploadId, PartNumber: 1, Body: Buffer.alloc(5 * 1024 * 1024, 7) }));
    const other = await admin.send(new CreateMultipartUploadCommand({ Bucket: server.bucket, Key: `${KEY}.other` }));
    expect(await pending()).toHaveLength(2);

    const sent = createDigestStream();
    await store.put(KEY, pseudoRandomStream(12 * 1024 * 1024).pipe(sent.stream), meta);

    expect((await pending()).map((u) => u.UploadId)).toEqual([other.UploadId]);
    const { url } = await store.presign(KEY, meta.fileName, 600);
    const stored = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(stored.length).toBe(sent.result().sizeBytes);
  });

  it('on a first attempt, asks S3 for no leftovers: there can be none, and the trace is stored whole', async () => {
    const lists = server.requestCount('ListMultipartUploads');
    const sent = createDigestStream();
    await store.put(KEY, pseudoRandomStream(12 * 1024 * 1024).pipe(sent.stream), meta, undefined, { firstAttempt: true });

    expect(server.requestCount('ListMultipartUploads')).toBe(lists);
    const { url } = await store.presign(KEY, meta.fileName, 600);
    const stored = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(stored.length).toBe(sent.result().sizeBytes);
  });
});
