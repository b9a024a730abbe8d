import type { Readable } from 'node:stream';
import type { PutOptions, TraceMetadata, TraceStore } from '../worker/ports.js';
import type { S3StoreSettings, S3TraceStore } from './s3-trace-store.js';

/**
 * An S3TraceStore that loads the AWS SDK (about 35 MB of RSS) only when it is first used: the first
 * upload, link or bucket check, not when the worker starts.
 */
export class LazyS3TraceStore implements TraceStore {
  #store: Promise<S3TraceStore> | undefined;

  constructor(private readonly settings: S3StoreSettings) {}

  #loaded(): Promise<S3TraceStore> {
    this.#store ??= import('./s3-trace-store.js').then(({ S3TraceStore }) => new S3TraceStore(this.settings));
    return this.#store;
  }

  async put(key: string, body: Readable, metadata: TraceMetadata, signal?: AbortSignal, options?: PutOptions): Promise<void> {
    const store = await this.#loaded().catch((error: unknown) => {
      body.destroy(error as Error);
      throw error;
    });
    return store.put(key, body, metadata, signal, options);
  }

  async presign(key: string, fileName: string, ttlSeconds: number): Promise<{ url: string; expiresAt: Date }> {
    return (await this.#loaded()).presign(key, fileName, ttlSeconds);
  }

  async bucketReachable(timeoutMs?: number): Promise<boolean> {
    return (await this.#loaded()).bucketReachable(timeoutMs);
  }

  /** Closes the client's sockets, if it was ever loaded. */
  close(): void {
    void this.#store?.then((store) => store.close()).catch(() => {});
  }
}
