import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { collectReadBuffers } from './collect-read-buffers.js';
import type { PartPool } from './part-pool.js';

/** The object's key and headers, as for PutObject (the body comes separately). */
export type ObjectParams = Omit<PutObjectCommandInput, 'Body' | 'ContentLength'> & { Bucket: string; Key: string };

/**
 * Stores body at params.Key: one PutObject when it is smaller than a part, otherwise a multipart
 * upload with at most queueSize parts in flight. While they are all in flight the body is not read,
 * so the source's backpressure reaches the exec stream and memory stays at (queueSize + 1) parts.
 * On any failure the multipart upload is aborted (after the parts in flight settle) before this rejects.
 */
export async function uploadStream(
  client: S3Client,
  params: ObjectParams,
  body: Readable,
  pool: PartPool,
  queueSize: number,
  signal?: AbortSignal,
): Promise<void> {
  const opts = signal ? { abortSignal: signal } : {};
  let uploadId: string | undefined;
  const completed: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  // The part being filled; taken when the first byte of it arrives.
  let current: Buffer | undefined;
  let filled = 0;

  const sendPart = (buffer: Buffer, length: number, partNumber: number): void => {
    const id = uploadId!;
    const sent = client
      .send(new UploadPartCommand({ Bucket: params.Bucket, Key: params.Key, UploadId: id, PartNumber: partNumber, Body: buffer.subarray(0, length), ContentLength: length }), opts)
      .then((out) => {
        completed.push({ PartNumber: partNumber, ETag: out.ETag! });
      })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => {
        pool.release(buffer);
        inFlight.delete(sent);
      });
    inFlight.add(sent);
  };

  try {
    let partNumber = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      let at = 0;
      while (at < chunk.length) {
        current ??= pool.take();
        const copied = chunk.copy(current, filled, at, at + (pool.partSize - filled));
        at += copied;
        filled += copied;
        if (filled < pool.partSize) continue;
        uploadId ??= (await client.send(new CreateMultipartUploadCommand(params), opts)).UploadId;
        if (!uploadId) throw new Error('S3 answered CreateMultipartUpload without an UploadId');
        sendPart(current, filled, ++partNumber);
        current = undefined;
        filled = 0;
        collectReadBuffers();
        while (inFlight.size >= queueSize && failure === undefined) await Promise.race(inFlight);
        if (failure !== undefined) throw failure;
      }
    }
    if (uploadId === undefined) {
      await client.send(new PutObjectCommand({ ...params, Body: (current ?? Buffer.alloc(0)).subarray(0, filled), ContentLength: filled }), opts);
      return;
    }
    if (current && filled > 0) {
      sendPart(current, filled, ++partNumber);
      current = undefined;
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
    completed.sort((a, b) => a.PartNumber! - b.PartNumber!);
    await client.send(
      new CompleteMultipartUploadCommand({ Bucket: params.Bucket, Key: params.Key, UploadId: uploadId, MultipartUpload: { Parts: completed } }),
      opts,
    );
  } catch (error) {
    await Promise.all(inFlight);
    if (uploadId !== undefined) {
      // Not with the signal: a cancelled upload must still be cleaned up.
      await client.send(new AbortMultipartUploadCommand({ Bucket: params.Bucket, Key: params.Key, UploadId: uploadId })).catch(() => {});
    }
    throw error;
  } finally {
    if (current) pool.release(current);
  }
}
