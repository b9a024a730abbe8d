import { GetObjectCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uploadStream } from '../src/storage/multipart-upload.js';
import { PartPool } from '../src/storage/part-pool.js';
import { pseudoRandomStream } from './support/pseudo-random-stream.js';
import { startS3Server, type S3TestServer } from './support/s3-server.js';

const MiB = 1024 * 1024;
const PART = 5 * MiB;

/** A pool that remembers every buffer it lent and the most it lent at once. */
class WatchedPool extends PartPool {
  readonly distinct = new Set<ArrayBufferLike>();
  lent = 0;
  mostLent = 0;

  override take(): Buffer {
    const buffer = super.take();
    this.distinct.add(buffer.buffer);
    this.mostLent = Math.max(this.mostLent, ++this.lent);
    return buffer;
  }

  override release(buffer: Buffer): void {
    this.lent--;
    super.release(buffer);
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function streamDigest(stream: Readable): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest('hex') };
}

describe('uploadStream against an S3-protocol server', () => {
  let server: S3TestServer;
  let client: S3Client;

  beforeEach(async () => {
    server = await startS3Server({ buckets: ['captures'] });
    client = new S3Client({
      endpoint: server.endpoint,
      region: server.region,
      credentials: server.credentials,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });

  afterEach(async () => {
    client.destroy();
    await server.close();
  });

  const stored = async (key: string) => {
    const object = await client.send(new GetObjectCommand({ Bucket: server.bucket, Key: key }));
    return streamDigest(object.Body as Readable);
  };

  describe('when a trace spans many parts', () => {
    it('holds at most queue + 1 part buffers at once and reuses them for the next upload', async () => {
      const pool = new WatchedPool(PART, 3);
      const size = 8 * PART + 123;
      const expected = await streamDigest(pseudoRandomStream(size, 'many', 64 * 1024));

      await uploadStream(client, { Bucket: server.bucket, Key: 'a.scap.gz' }, pseudoRandomStream(size, 'many', 64 * 1024), pool, 2);
      await uploadStream(client, { Bucket: server.bucket, Key: 'b.scap.gz' }, pseudoRandomStream(size, 'many', 64 * 1024), pool, 2);

      expect(pool.mostLent).toBeLessThanOrEqual(3);
      expect(pool.distinct.size).toBeLessThanOrEqual(3);
      expect(pool.lent).toBe(0);
      expect(server.requestCount('UploadPart')).toBe(18);
      expect(await stored('a.scap.gz')).toEqual({ size, sha256: expected.sha256 });
      expect(await stored('b.scap.gz')).toEqual({ size, sha256: expected.sha256 });
    });

    it('stores a trace of exactly two parts as two parts', async () => {
      const pool = new WatchedPool(PART, 3);
      const size = 2 * PART;
      const expected = await streamDigest(pseudoRandomStream(size, 'two'));

      await uploadStream(client, { Bucket: server.bucket, Key: 'two.scap.gz' }, pseudoRandomStream(size, 'two'), pool, 4);

      expect(server.requestCount('UploadPart')).toBe(2);
      expect(await stored('two.scap.gz')).toEqual(expected);
    });
  });

  describe('when a trace is smaller than a part', () => {
    it.each([0, 1, PART - 1])('stores %i bytes with one PutObject', async (size) => {
      const bytes = Buffer.alloc(size, 7);

      await uploadStream(client, { Bucket: server.bucket, Key: 'small.scap.gz' }, Readable.from([bytes]), new WatchedPool(PART, 1), 4);

      expect(server.requestCount('CreateMultipartUpload')).toBe(0);
      expect(await stored('small.scap.gz')).toEqual({ size, sha256: sha256(bytes) });
    });
  });

  describe('when a part fails for good', () => {
    it('rejects, reads no further and leaves no open upload', async () => {
      server.failRequests('UploadPart', { status: 500, times: 100 });
      const pool = new WatchedPool(PART, 3);
      const body = pseudoRandomStream(40 * PART, 'fail');

      await expect(uploadStream(client, { Bucket: server.bucket, Key: 'fail.scap.gz' }, body, pool, 2)).rejects.toThrow();

      expect(pool.lent).toBe(0);
      expect(body.readableEnded).toBe(false);
      expect((await client.send(new ListMultipartUploadsCommand({ Bucket: server.bucket }))).Uploads ?? []).toEqual([]);
    });
  });
});
