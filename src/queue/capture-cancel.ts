import type { Queue } from 'bullmq';
import { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { captureJobSchema, type CaptureJob } from '../capture/capture-job.js';
import { progressOf } from '../capture/capture-progress.js';
import { DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import { ClusterQueues } from './cluster-queues.js';
import { CAPTURE_QUEUE } from './queue-names.js';
import { robustnessKeys } from './robustness-keys.js';

const CANCEL_MARK_SECONDS = 3_600;

/** What `/capture cancel` did. */
export type CancelOutcome =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'not-allowed'; readonly job: CaptureJob; readonly reason: string }
  | { readonly kind: 'finished'; readonly job: CaptureJob; readonly state: 'completed' | 'failed' | 'cancelled' }
  /** It was still queued: it is out of the queue, and nothing ran. */
  | { readonly kind: 'removed'; readonly job: CaptureJob }
  /** It runs: its worker was told and stops it (deleting the pod, aborting the upload). */
  | { readonly kind: 'signalled'; readonly job: CaptureJob };

/** Decides whether the user may cancel this capture (the policy's say, in the bot). */
export type CancelAuthorizer = (job: CaptureJob) => Promise<{ readonly ok: true } | { readonly ok: false; readonly reason: string }>;

/**
 * The bot's side of cancelling. A queued job is removed; a running one is
 * marked (for a worker that has yet to look) and announced on a channel the
 * workers listen to.
 */
export class CaptureCanceller {
  readonly #redis: Redis;
  readonly #queues: ClusterQueues;
  readonly #keys: ReturnType<typeof robustnessKeys>;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#keys = robustnessKeys(prefix);
    this.#queues = new ClusterQueues(CAPTURE_QUEUE, redis, prefix);
  }

  #queue(cluster: string): Queue {
    return this.#queues.of(cluster);
  }

  async cancel(captureId: string, userId: string, authorize: CancelAuthorizer): Promise<CancelOutcome> {
    const cluster = (await this.#redis.get(this.#keys.captureCluster(captureId))) ?? DEFAULT_CLUSTER;
    const found = await Job.fromId(this.#queue(cluster), captureId);
    const parsed = captureJobSchema.safeParse(found?.data);
    if (!found || !parsed.success) return { kind: 'unknown' };
    const job = parsed.data;
    const allowed = await authorize(job);
    if (!allowed.ok) return { kind: 'not-allowed', job, reason: allowed.reason };
    const state = await found.getState();
    // What the channel was last told is the end; the job may still be wrapping up.
    const shown = progressOf(found.data).finalStatus;
    if (shown) return { kind: 'finished', job, state: shown.stage === 'done' ? 'completed' : shown.stage };
    if (state === 'completed' || state === 'failed') return { kind: 'finished', job, state };
    await this.#redis.set(this.#keys.cancel(captureId), userId, 'EX', CANCEL_MARK_SECONDS);
    if (state !== 'active') {
      try {
        await found.remove();
        return { kind: 'removed', job };
      } catch {
        // Taken by a worker in the meantime (it holds the lock): signal it instead.
      }
    }
    await this.#redis.publish(this.#keys.cancelChannel, captureId);
    return { kind: 'signalled', job };
  }

  async close(): Promise<void> {
    await this.#queues.close();
  }
}
