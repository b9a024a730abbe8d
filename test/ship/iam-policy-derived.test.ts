import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { CreateMultipartUploadCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { S3TraceStore } from '../../src/storage/s3-trace-store.js';
import { pseudoRandomStream } from '../support/pseudo-random-stream.js';
import { REPO_ROOT } from '../support/repo-root.js';
import { startS3Server, type S3Operation, type S3RequestRecord, type S3TestServer } from '../support/s3-server.js';

const MiB = 1024 * 1024;
const PART = 5 * MiB;
const meta = { fileName: 'capture.scap.gz', captureId: '01J9Z8K2M4N6P8Q0R2S4T6V8W0', requestedBy: 'U024BE7LH' };
const KMS_KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The IAM action S3 authorizes each operation by, and whether it is granted on the bucket or its objects. */
const ACTION: Partial<Record<S3Operation, { action: string; on: 'bucket' | 'object' }>> = {
  HeadBucket: { action: 's3:ListBucket', on: 'bucket' },
  ListObjects: { action: 's3:ListBucket', on: 'bucket' },
  ListMultipartUploads: { action: 's3:ListBucketMultipartUploads', on: 'bucket' },
  PutObject: { action: 's3:PutObject', on: 'object' },
  CreateMultipartUpload: { action: 's3:PutObject', on: 'object' },
  UploadPart: { action: 's3:PutObject', on: 'object' },
  CompleteMultipartUpload: { action: 's3:PutObject', on: 'object' },
  AbortMultipartUpload: { action: 's3:AbortMultipartUpload', on: 'object' },
  GetObject: { action: 's3:GetObject', on: 'object' },
  HeadObject: { action: 's3:GetObject', on: 'object' },
  DeleteObject: { action: 's3:DeleteObject', on: 'object' },
};

interface Statement {
  readonly Effect: string;
  readonly Action: string[];
  readonly Resource: string;
}

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf("\n### The worker's IAM policy\n"));
const policy = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '{}') as { Statement?: Statement[] };
const bucket = (parse(readFileSync(join(REPO_ROOT, 'deploy/base/settings.yaml'), 'utf8')) as { data: { S3_BUCKET: string } }).data.S3_BUCKET;

/** `action resource` for every grant of the README's policy on the service named. */
function granted(service: 's3' | 'kms'): Set<string> {
  return new Set(
    (policy.Statement ?? []).flatMap((s) => (s.Effect === 'Allow' ? s.Action.filter((a) => a.startsWith(`${service}:`)).map((a) => `${a} ${s.Resource}`) : [])),
  );
}

/** Every S3 call a store can make: readiness, small and multipart uploads, a leftover aborted, an upload cancelled, a link fetched. */
async function everyPath(server: S3TestServer, store: S3TraceStore): Promise<void> {
  await store.bucketReachable();
  await store.put('ns/pod/small.scap.gz', pseudoRandomStream(64 * 1024), meta);
  await store.put('ns/pod/leftover.scap.gz', pseudoRandomStream(PART + 1), meta);
  // A trace still streaming when its capture is cancelled: one part sent, the rest never comes.
  const cancel = new AbortController();
  const body = new PassThrough();
  body.write(Buffer.alloc(PART + 1, 1));
  const cancelled = store.put('ns/pod/cancelled.scap.gz', body, meta, cancel.signal);
  await vi.waitFor(() => expect(server.requests().some((r) => r.operation === 'UploadPart' && r.key === 'ns/pod/cancelled.scap.gz')).toBe(true));
  cancel.abort(new Error('cancelled'));
  await expect(cancelled).rejects.toThrow();
  const { url } = await store.presign('ns/pod/small.scap.gz', 'small.scap.gz', 600);
  expect((await fetch(url)).status).toBe(200);
}

describe("the worker's IAM policy in the README", () => {
  let server: S3TestServer;
  let plain: S3RequestRecord[];
  let kms: S3RequestRecord[];

  beforeAll(async () => {
    server = await startS3Server({ buckets: [bucket] });
    vi.stubEnv('AWS_ACCESS_KEY_ID', server.credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', server.credentials.secretAccessKey);
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const settings = { bucket, region: server.region, endpoint: server.endpoint, forcePathStyle: true, partSizeBytes: PART };
    // An upload a killed worker left, for the store to find and abort (sent by an admin, so not counted).
    const admin = new S3Client({ endpoint: server.endpoint, region: server.region, credentials: server.credentials, forcePathStyle: true });
    await admin.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'ns/pod/leftover.scap.gz' }));
    admin.destroy();
    let mark = server.requests().length;
    const store = new S3TraceStore(settings);
    await everyPath(server, store);
    store.close();
    plain = server.requests().slice(mark);
    mark = server.requests().length;
    const kmsStore = new S3TraceStore({ ...settings, encryption: { type: 'aws:kms', kmsKeyId: KMS_KEY } });
    await everyPath(server, kmsStore);
    kmsStore.close();
    kms = server.requests().slice(mark);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    vi.unstubAllEnvs();
  });

  it('is sent by the trace store and its multipart upload alone: no other module of src/ talks to S3', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
    const talking = files(join(REPO_ROOT, 'src')).filter((f) => /from '@aws-sdk\//.test(readFileSync(f, 'utf8')));
    expect(talking.map((f) => relative(REPO_ROOT, f))).toEqual(['src/storage/multipart-upload.ts', 'src/storage/s3-trace-store.ts']);
  });

  it('grants exactly the S3 actions the worker calls, on the bucket or on its objects', () => {
    const operations = new Set(plain.map((r) => r.operation));
    expect(operations).toEqual(new Set(['HeadBucket', 'ListMultipartUploads', 'PutObject', 'CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload', 'AbortMultipartUpload', 'GetObject']));
    const derived = new Set(
      plain.map((r) => {
        const grant = ACTION[r.operation];
        if (!grant) throw new Error(`no IAM action known for ${r.operation}`);
        return `${grant.action} arn:aws:s3:::${bucket}${grant.on === 'object' ? '/*' : ''}`;
      }),
    );
    expect(granted('s3')).toEqual(derived);
  });

  it('grants KMS exactly what uploads and links encrypted with aws:kms need', () => {
    const withKms = (ops: readonly S3Operation[]) => kms.some((r) => ops.includes(r.operation) && r.encryption['x-amz-server-side-encryption'] === 'aws:kms');
    // S3 asks KMS for a data key for each new object, and decrypts it to add multipart parts and to serve a download.
    const derived = new Set<string>();
    if (withKms(['PutObject', 'CreateMultipartUpload'])) derived.add('kms:GenerateDataKey');
    if (withKms(['CreateMultipartUpload']) || kms.some((r) => r.operation === 'GetObject')) derived.add('kms:Decrypt');
    expect(kms.filter((r) => r.operation === 'PutObject' || r.operation === 'CreateMultipartUpload').every((r) => r.encryption['x-amz-server-side-encryption-aws-kms-key-id'] === KMS_KEY)).toBe(true);
    expect(new Set([...granted('kms')].map((g) => g.split(' ')[0]))).toEqual(derived);
    expect([...granted('kms')].every((g) => /^kms:\w+ arn:aws:kms:[^:]+:\d{12}:key\//.test(g))).toBe(true);
  });
});
