import { HeadObjectCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PART_SIZE_BYTES, S3TraceStore } from '../src/storage/s3-trace-store.js';
import { createDigestStream } from '../src/worker/digest-stream.js';
import { pseudoRandomStream } from './support/pseudo-random-stream.js';
import { startS3Server } from './support/s3-server.js';
import type { S3TestServer } from './support/s3-server.js';
import { FIXTURES_DIR } from './support/fixtures.js';

const fixtures = FIXTURES_DIR;
const MiB = 1024 * 1024;
const meta = (fileName: string) => ({ fileName, captureId: '01J9Z8K2M4N6P8Q0R2S4T6V8W0', requestedBy: 'U024BE7LH' });

describe('S3TraceStore against an S3-protocol server', () => {
  let server: S3TestServer;
  let store: S3TraceStore;
  let admin: S3Client;

  beforeEach(async () => {
    server = await startS3Server({ buckets: ['captures'] });
    // The store takes its credentials from the SDK's default chain, as in production; here, the environment.
    vi.stubEnv('AWS_ACCESS_KEY_ID', server.credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', server.credentials.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    store = new S3TraceStore({ bucket: server.bucket, region: server.region, endpoint: server.endpoint, forcePathStyle: true });
    admin = new S3Client({ endpoint: server.endpoint, region: server.region, credentials: server.credentials, forcePathStyle: true });
  });

  afterEach(async () => {
    store.close();
    admin.destroy();
    await server.close();
    vi.unstubAllEnvs();
  });

  const openUploads = async () => (await admin.send(new ListMultipartUploadsCommand({ Bucket: server.bucket }))).Uploads ?? [];
  const headObject = (key: string) => admin.send(new HeadObjectCommand({ Bucket: server.bucket, Key: key }));

  async function download(url: string) {
    const response = await fetch(url);
    const digest = createDigestStream();
    await pipeline(Readable.fromWeb(response.body!), digest.stream, new PassThrough().resume());
    return { response, ...digest.result() };
  }

  describe('when a trace is stored', () => {
    it('serves the fixture byte for byte through the presigned link, named as the file', async () => {
      const fixture = path.join(fixtures, 'curl_google.scap');
      const key = 'captures/default/web-1/capture-web-1.scap.gz';

      await store.put(key, createReadStream(fixture), meta('capture-web-1-20261127T175400Z.scap.gz'));
      const { url } = await store.presign(key, 'capture-web-1-20261127T175400Z.scap.gz', 3600);
      const response = await fetch(url);

      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(await readFile(fixture))).toBe(true);
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="capture-web-1-20261127T175400Z.scap.gz"');
      expect(response.headers.get('content-type')).toBe('application/gzip');
      expect(response.headers.get('content-encoding')).toBeNull();
    });

    it('records who asked for which capture in the object metadata', async () => {
      await store.put('ns/pod/t.scap.gz', createReadStream(path.join(fixtures, 'balancer-502.scap')), meta('t.scap.gz'));

      const head = await headObject('ns/pod/t.scap.gz');
      expect(head.Metadata).toEqual({ 'capture-id': '01J9Z8K2M4N6P8Q0R2S4T6V8W0', 'requested-by': 'U024BE7LH' });
      expect(head.ContentDisposition).toBe('attachment; filename="t.scap.gz"');
    });

    it('uploads a trace larger than a part in parts and serves it whole', async () => {
      const sizeBytes = 20 * MiB;
      const sent = createDigestStream();
      const stored = store.put('big/trace.scap.gz', pseudoRandomStream(sizeBytes).pipe(sent.stream), meta('trace.scap.gz'));
      await stored;

      expect(server.requestCount('UploadPart')).toBe(Math.ceil(sizeBytes / DEFAULT_PART_SIZE_BYTES));
      const got = await download((await store.presign('big/trace.scap.gz', 'trace.scap.gz', 600)).url);
      expect(got.response.status).toBe(200);
      expect(got.sizeBytes).toBe(sizeBytes);
      expect(got.sha256).toBe(sent.result().sha256);
    });
  });

  describe('when S3 fails for a moment', () => {
    it.each([
      ['a 500 on one part', (s: S3TestServer) => s.failRequests('UploadPart', { status: 500, times: 1 })],
      ['a 503 SlowDown on one part', (s: S3TestServer) => s.failRequests('UploadPart', { status: 503, times: 1 })],
      ['a reset connection on one part', (s: S3TestServer) => s.resetConnections('UploadPart', 1)],
      ['a 500 on completing the upload', (s: S3TestServer) => s.failRequests('CompleteMultipartUpload', { status: 500, times: 1 })],
    ])('retries after %s and stores the whole trace', async (_name, fault) => {
      fault(server);
      const sent = createDigestStream();

      // Two parts, one complete and the retried request.
      await store.put('retry/trace.scap.gz', pseudoRandomStream(DEFAULT_PART_SIZE_BYTES + 4 * MiB).pipe(sent.stream), meta('trace.scap.gz'));

      expect(server.requestCount('UploadPart') + server.requestCount('CompleteMultipartUpload')).toBe(4);
      const got = await download((await store.presign('retry/trace.scap.gz', 'trace.scap.gz', 600)).url);
      expect(got.sha256).toBe(sent.result().sha256);
      expect(await openUploads()).toEqual([]);
    });
  });

  describe('when the upload cannot finish', () => {
    it('rejects naming the object and the S3 error, and leaves neither an object nor an open upload', async () => {
      server.failRequests('UploadPart', { status: 500, times: 1000 });

      const error = await store
        .put('fail/trace.scap.gz', pseudoRandomStream(12 * MiB), meta('trace.scap.gz'))
        .then(
          () => expect.fail('the upload should have failed'),
          (e: unknown) => e as Error,
        );

      expect(error.message).toBe('could not store the trace at s3://captures/fail/trace.scap.gz: InternalError (HTTP 500) after 5 attempts');
      expect(error.message).not.toContain(server.credentials.secretAccessKey);
      expect(server.requestCount('CreateMultipartUpload')).toBe(1);
      expect(server.requestCount('AbortMultipartUpload')).toBe(1);
      expect(await openUploads()).toEqual([]);
      await expect(headObject('fail/trace.scap.gz')).rejects.toMatchObject({ name: 'NotFound' });
    });

    it('rejects when reading the trace fails, and aborts the upload', async () => {
      const trace = new PassThrough();
      const stored = store.put('broken/trace.scap.gz', trace, meta('trace.scap.gz'));
      trace.write(Buffer.alloc(9 * MiB, 1));
      await vi.waitFor(() => expect(server.requestCount('UploadPart')).toBe(1), { timeout: 10_000 });
      trace.destroy(new Error('exec stream closed: command terminated with exit code 1'));

      await expect(stored).rejects.toThrow(
        'could not store the trace at s3://captures/broken/trace.scap.gz: exec stream closed: command terminated with exit code 1',
      );
      expect(await openUploads()).toEqual([]);
      await expect(headObject('broken/trace.scap.gz')).rejects.toMatchObject({ name: 'NotFound' });
    });

    it('stops when the job is cancelled, and aborts the upload before it returns', async () => {
      const trace = new PassThrough();
      const cancel = new AbortController();
      const stored = store.put('cancel/trace.scap.gz', trace, meta('trace.scap.gz'), cancel.signal);
      trace.write(Buffer.alloc(9 * MiB, 2));
      await vi.waitFor(() => expect(server.requestCount('UploadPart')).toBe(1), { timeout: 10_000 });
      cancel.abort(new Error('job cancelled'));

      await expect(stored).rejects.toThrow('upload to s3://captures/cancel/trace.scap.gz was cancelled');
      expect(trace.destroyed).toBe(true);
      expect(await openUploads()).toEqual([]);
      await expect(headObject('cancel/trace.scap.gz')).rejects.toMatchObject({ name: 'NotFound' });
    });
  });

  describe('presigned links', () => {
    it('refuse a lifetime over 7 days, as S3 does', async () => {
      await expect(store.presign('k', 'f.scap.gz', 604_801)).rejects.toThrow(/7 days \(604800 s\); got 604801 s/);
    });

    it('expire after the lifetime asked for', async () => {
      const before = Date.now();
      const { url, expiresAt } = await store.presign('k', 'f.scap.gz', 604_800);

      expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('604800');
      expect(expiresAt.getTime() - before).toBeGreaterThan(604_800_000 - 1000);
      expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(604_800_000);
    });

    it('say they expire when the signing credentials do, if that is sooner', async () => {
      const sessionEnd = new Date(Math.floor(Date.now() / 1000) * 1000 + 3600_000);
      vi.stubEnv('AWS_CREDENTIAL_EXPIRATION', sessionEnd.toISOString());
      const sessionStore = new S3TraceStore({ bucket: server.bucket, region: server.region, endpoint: server.endpoint, forcePathStyle: true });

      const { expiresAt } = await sessionStore.presign('k', 'f.scap.gz', 86_400);
      sessionStore.close();

      expect(expiresAt.toISOString()).toBe(sessionEnd.toISOString());
    });
  });

  describe('bucketReachable', () => {
    it('follows the S3 endpoint going away and coming back', async () => {
      expect(await store.bucketReachable()).toBe(true);
      await server.stop();
      expect(await store.bucketReachable()).toBe(false);
      await server.restart();
      expect(await store.bucketReachable()).toBe(true);
    });

    it('is false for a bucket that does not exist', async () => {
      const other = new S3TraceStore({ bucket: 'no-such-bucket', region: server.region, endpoint: server.endpoint, forcePathStyle: true });
      expect(await other.bucketReachable()).toBe(false);
      other.close();
    });
  });
});
