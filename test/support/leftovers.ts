import { expect } from 'vitest';
import { ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { CAPTURE_NAMESPACE, type World } from './capturebot-harness.js';
import { REDIS_URL } from './redis.js';

/** What a run may leave behind: capture pods, unfinished multipart uploads, jobs not finished. */
export interface Leftovers {
  readonly capturePods: string[];
  readonly pendingUploads: string[];
  readonly unfinishedJobs: Record<string, number>;
}

const UNFINISHED = ['active', 'waiting', 'delayed', 'prioritized', 'waiting-children'] as const;

export async function leftovers(world: World, redisUrl = REDIS_URL): Promise<Leftovers> {
  const s3 = new S3Client({ endpoint: world.s3.endpoint, region: world.s3.region, credentials: world.s3.credentials, forcePathStyle: true });
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const queue = new Queue('captures', { connection, prefix: world.prefix });
  try {
    const uploads = (await s3.send(new ListMultipartUploadsCommand({ Bucket: world.s3.bucket }))).Uploads ?? [];
    const counts = await queue.getJobCounts(...UNFINISHED);
    return {
      capturePods: world.kube
        .pods(CAPTURE_NAMESPACE)
        .filter((p) => p.metadata.labels?.['app.kubernetes.io/managed-by'] === 'capturebot')
        .map((p) => p.metadata.name),
      pendingUploads: uploads.map((u) => u.Key ?? ''),
      unfinishedJobs: Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)),
    };
  } finally {
    s3.destroy();
    await queue.close();
    connection.disconnect();
  }
}

export const NOTHING_LEFT: Leftovers = { capturePods: [], pendingUploads: [], unfinishedJobs: {} };

/**
 * A fault suite's teardown: asserts the run left nothing behind, then stops
 * what it started (in order, whatever the assertion said) and closes the world.
 */
export async function closeCheckingLeftovers(
  world: World | undefined,
  stops: readonly ((() => Promise<unknown>) | undefined)[],
  redisUrl = REDIS_URL,
): Promise<void> {
  try {
    if (world) expect(await leftovers(world, redisUrl)).toEqual(NOTHING_LEFT);
  } finally {
    for (const stop of stops) await stop?.();
    await world?.close();
  }
}
