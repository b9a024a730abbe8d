import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startS3Server } from './support/s3-server.js';
import type { S3TestServer } from './support/s3-server.js';

// The stand-in's own promises: later suites rely on them to prove that nothing is left behind.
describe('the S3 stand-in', () => {
  let server: S3TestServer;
  let client: S3Client;

  beforeEach(async () => {
    server = await startS3Server();
    client = new S3Client({
      endpoint: server.endpoint,
      region: server.region,
      credentials: server.credentials,
      forcePathStyle: true,
      maxAttempts: 1,
    });
  });

  afterEach(async () => {
    client.destroy();
    await server.close();
  });

  it('lists a multipart upload until it is aborted', async () => {
    const { bucket } = server;
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'ns/pod/a.scap.gz' }));

    const open = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(open.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([['ns/pod/a.scap.gz', UploadId]]);

    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'ns/pod/a.scap.gz', UploadId }));
    const after = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(after.Uploads ?? []).toEqual([]);
    await expect(
      client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'ns/pod/a.scap.gz', UploadId })),
    ).rejects.toMatchObject({ name: 'NoSuchUpload' });
  });

  it('fails the chosen operation the chosen number of times', async () => {
    server.failRequests('PutObject', { status: 503, times: 1 });
    const put = () => client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'k', Body: 'x' }));

    await expect(put()).rejects.toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    await expect(put()).resolves.toBeDefined();
    expect(server.requestCount('PutObject')).toBe(2);
  });

  it('resets connections of the chosen operation', async () => {
    server.resetConnections('HeadBucket', 1);
    await expect(client.send(new HeadBucketCommand({ Bucket: server.bucket }))).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    await expect(client.send(new HeadBucketCommand({ Bucket: server.bucket }))).resolves.toBeDefined();
  });

  it('refuses connections while stopped and serves the same objects after a restart', async () => {
    await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'kept', Body: 'x' }));
    await server.stop();
    // A pooled connection that was open before the stop reads as a reset, a new one is refused.
    const error = await client.send(new HeadBucketCommand({ Bucket: server.bucket })).catch((e: unknown) => e);
    expect(['ECONNREFUSED', 'ECONNRESET']).toContain((error as { code?: string }).code);
    await server.restart();
    await expect(client.send(new HeadObjectCommand({ Bucket: server.bucket, Key: 'kept' }))).resolves.toMatchObject({
      ContentLength: 1,
    });
  });
});
