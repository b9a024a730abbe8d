import { AbortMultipartUploadCommand, GetObjectCommand, HeadBucketCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { addAbortSignal } from 'node:stream';
import type { Readable } from 'node:stream';
import type { PutOptions, TraceMetadata, TraceStore } from '../worker/ports.js';
import { uploadStream } from './multipart-upload.js';
import { asciiHeaderValue, attachmentDisposition } from './object-headers.js';
import { PartPool } from './part-pool.js';
import { traceUploadError } from './trace-upload-error.js';

// Parts are filled in place in a pool of (queue + 1) buffers (src/storage/part-pool.ts), so an upload
// holds (4 + 1) × 5 MiB = 25 MiB whatever the trace's size. 5 MiB is S3's smallest part; the upload
// sweep of `npm run bench` (BENCHMARKS.md) put 5 MiB × 4 within 5% of 8 MiB × 4, which holds 40 MiB.
// S3 allows 10,000 parts: 48 GiB at 5 MiB, far above CAPTURE_SIZE_LIMIT's default of 2Gi.
export const DEFAULT_PART_SIZE_BYTES = 5 * 1024 * 1024;
export const DEFAULT_QUEUE_SIZE = 4;
/** S3 refuses parts smaller than this, except the last one. */
export const MIN_PART_SIZE_BYTES = 5 * 1024 * 1024;
/** Attempts per S3 request; the SDK's standard retry mode backs off exponentially with jitter. */
export const DEFAULT_MAX_ATTEMPTS = 5;
/** S3 refuses SigV4 links that live longer than 7 days. */
export const MAX_LINK_TTL_SECONDS = 7 * 24 * 3600;

/** Server-side encryption every upload asks for (S3_SSE, S3_KMS_KEY_ID); none: the bucket's default. */
export type TraceEncryption = { readonly type: 'AES256' } | { readonly type: 'aws:kms'; readonly kmsKeyId: string };

export interface S3StoreSettings {
  readonly bucket: string;
  readonly region: string;
  /** Unset means AWS; set for S3-compatible stores (MinIO, Ceph, a test server). */
  readonly endpoint?: string;
  readonly forcePathStyle: boolean;
  readonly encryption?: TraceEncryption;
  readonly partSizeBytes?: number;
  readonly queueSize?: number;
  readonly maxAttempts?: number;
}

/** Stores traces in S3 with multipart uploads and hands out presigned GET links. Credentials come from the SDK's default chain. */
export class S3TraceStore implements TraceStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #parts: PartPool;
  readonly #queueSize: number;
  readonly #encryption: TraceEncryption | undefined;

  constructor(settings: S3StoreSettings) {
    this.#bucket = settings.bucket;
    this.#queueSize = settings.queueSize ?? DEFAULT_QUEUE_SIZE;
    const partSize = settings.partSizeBytes ?? DEFAULT_PART_SIZE_BYTES;
    if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE_BYTES) throw new RangeError(`a part is at least 5 MiB (${MIN_PART_SIZE_BYTES} bytes); got ${partSize}`);
    if (!Number.isInteger(this.#queueSize) || this.#queueSize < 1) throw new RangeError(`at least one part is in flight; got ${this.#queueSize}`);
    // One upload's worth is kept between uploads; concurrent uploads borrow more and give it back.
    this.#parts = new PartPool(partSize, this.#queueSize + 1);
    this.#encryption = settings.encryption;
    this.#client = new S3Client({
      region: settings.region,
      ...(settings.endpoint && { endpoint: settings.endpoint }),
      forcePathStyle: settings.forcePathStyle,
      // The default (WHEN_SUPPORTED) sends streamed bodies aws-chunked with trailing checksums,
      // which several S3-compatible stores keep as part of the object.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
    });
  }

  async put(key: string, body: Readable, metadata: TraceMetadata, signal?: AbortSignal, options: PutOptions = {}): Promise<void> {
    if (signal?.aborted) throw traceUploadError(this.#bucket, key, signal.reason, signal);
    // Aborting ends the body; uploadStream then waits for the parts in flight and aborts the
    // multipart upload before it rejects, so nothing is left behind when put() returns.
    // Only an earlier attempt's upload can be left over: a first attempt saves the round trip.
    if (!options.firstAttempt) await this.#abortLeftovers(key);
    const source = signal ? addAbortSignal(signal, body) : body;
    const params = {
      Bucket: this.#bucket,
      Key: key,
      // A .scap.gz is a gzip file and is served as one; it must never carry Content-Encoding:
      // gzip, or browsers and HTTP clients would unpack it and save a file that is not gzip.
      ContentType: 'application/gzip',
      ContentDisposition: attachmentDisposition(metadata.fileName),
      Metadata: {
        'capture-id': asciiHeaderValue(metadata.captureId),
        'requested-by': asciiHeaderValue(metadata.requestedBy),
      },
      // On CreateMultipartUpload, or on PutObject for a trace smaller than a part.
      ...(this.#encryption && { ServerSideEncryption: this.#encryption.type }),
      ...(this.#encryption?.type === 'aws:kms' && { SSEKMSKeyId: this.#encryption.kmsKeyId }),
    };
    try {
      await uploadStream(this.#client, params, source, this.#parts, this.#queueSize, signal);
    } catch (error) {
      throw traceUploadError(this.#bucket, key, error, signal);
    }
  }

  /**
   * Aborts multipart uploads of key that an earlier attempt left (its worker
   * was killed mid-upload), so a retried capture leaves no parts behind. Best
   * effort: without s3:ListBucketMultipartUploads the bucket's lifecycle rule
   * for incomplete uploads has to do it.
   */
  async #abortLeftovers(key: string): Promise<void> {
    try {
      const listed = await this.#client.send(new ListMultipartUploadsCommand({ Bucket: this.#bucket, Prefix: key }));
      for (const upload of listed.Uploads ?? []) {
        if (upload.Key !== key || !upload.UploadId) continue;
        await this.#client.send(new AbortMultipartUploadCommand({ Bucket: this.#bucket, Key: key, UploadId: upload.UploadId }));
      }
    } catch {
      // nothing to clean, or not allowed to look: the upload itself goes ahead
    }
  }

  async presign(key: string, fileName: string, ttlSeconds: number): Promise<{ url: string; expiresAt: Date }> {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_LINK_TTL_SECONDS) {
      throw new RangeError(`a presigned link lives from 1 s to 7 days (${MAX_LINK_TTL_SECONDS} s); got ${ttlSeconds} s`);
    }
    // Whole seconds, as in X-Amz-Date, so expiresAt is exactly when S3 stops honouring the link.
    const signingDate = new Date(Math.floor(Date.now() / 1000) * 1000);
    const command = new GetObjectCommand({
      Bucket: this.#bucket,
      Key: key,
      ResponseContentDisposition: attachmentDisposition(fileName),
    });
    const url = await getSignedUrl(this.#client, command, { expiresIn: ttlSeconds, signingDate });
    const expiresAt = new Date(signingDate.getTime() + ttlSeconds * 1000);
    // A link dies with the session that signed it (IRSA/STS sessions often last an hour).
    const { expiration } = await this.#client.config.credentials();
    return { url, expiresAt: expiration && expiration < expiresAt ? expiration : expiresAt };
  }

  /** Whether the bucket answers HeadBucket with these credentials, within timeoutMs. */
  async bucketReachable(timeoutMs = 3_000): Promise<boolean> {
    try {
      await this.#client.send(new HeadBucketCommand({ Bucket: this.#bucket }), {
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the client's sockets. */
  close(): void {
    this.#client.destroy();
  }
}
