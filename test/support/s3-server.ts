import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { S3FrontDoor } from './s3-front-door.js';
import type { S3Fault, S3RequestRecord } from './s3-front-door.js';
import type { S3Operation } from './s3-operation.js';

export type { S3Operation } from './s3-operation.js';
export type { S3RequestRecord } from './s3-front-door.js';

/** s3rver accepts only this key pair (any other gets 403); it does not check SigV4 signatures. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3TestServer {
  /** `http://127.0.0.1:<port>`: use it with forcePathStyle. */
  readonly endpoint: string;
  /** The first of the buckets it was started with. */
  readonly bucket: string;
  readonly region: string;
  readonly credentials: typeof S3RVER_CREDENTIALS;
  /** Where s3rver keeps the objects (removed by close). */
  readonly dir: string;
  /** The next `times` requests of this operation get this HTTP error, after their body is read. */
  failRequests(operation: S3Operation, fault: { status: 500 | 503; times: number }): void;
  /** The next `times` requests of this operation have their TCP connection reset after their body is read. */
  resetConnections(operation: S3Operation, times: number): void;
  /** Requests of this operation received so far, faulty ones included. */
  requestCount(operation: S3Operation): number;
  /** Every request received so far, in order, with the server-side encryption it asked for. */
  requests(): readonly S3RequestRecord[];
  /** The most uploads (PutObject, or CreateMultipartUpload to Complete/Abort) under way at once so far. */
  peakConcurrentUploads(): number;
  /** Requests of these operations arriving from now on wait until the returned function is called. */
  hold(operations: readonly S3Operation[]): () => void;
  /** Stops accepting connections (clients see ECONNREFUSED) until restart(); objects are kept. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real S3-protocol server for tests: s3rver on a random loopback port, behind a front door that
 * adds ListMultipartUploads/AbortMultipartUpload and injects faults.
 */
export async function startS3Server(options: { buckets?: readonly string[] } = {}): Promise<S3TestServer> {
  const buckets = options.buckets?.length ? options.buckets : ['capturebot-test'];
  const dir = await mkdtemp(path.join(tmpdir(), 'capturebot-s3-'));
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port: upstreamPort } = await s3rver.run();
  const door = new S3FrontDoor(upstreamPort, dir);
  const port = await door.listen();
  const arm = (operation: S3Operation, fault: S3Fault, times: number) => door.arm(operation, fault, times);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket: buckets[0]!,
    region: 'us-east-1',
    credentials: S3RVER_CREDENTIALS,
    dir,
    failRequests: (operation, { status, times }) => arm(operation, { status }, times),
    resetConnections: (operation, times) => arm(operation, { reset: true }, times),
    requestCount: (operation) => door.seen(operation),
    requests: () => door.requests,
    peakConcurrentUploads: () => door.peakConcurrentUploads,
    hold: (operations) => door.hold(operations),
    stop: () => door.stop(),
    restart: async () => {
      await door.listen();
    },
    close: async () => {
      await door.close();
      await s3rver.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
