import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { captureJobSchema, type CaptureJob } from '../capture/capture-job.js';
import { signJob } from '../capture/job-signature.js';
import type { Secret } from '../secret.js';
import { CaptureHistory } from './capture-history.js';
import { robustnessKeys } from './robustness-keys.js';
import { ClusterQueues } from './cluster-queues.js';
import { CAPTURE_QUEUE } from './queue-names.js';
import { clusterOf, DEFAULT_CLUSTER } from '../capture/cluster-name.js';

/** Queueing failed: nothing was started. */
export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
}

/** Capture jobs in the queue: waiting for a worker, being captured, or held back for later. */
export interface QueueDepth {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
}

const ENQUEUE_TIMEOUT_MS = 3_000;
const KEEP_FINISHED = { age: 7 * 86_400, count: 1_000 };
/**
 * A signed job not started within this long is void: room for the queue to
 * wait out MAX_CAPTURES and a worker restart, not for a replay days later.
 */
export const CAPTURE_JOB_VALID_MS = 60 * 60_000;

/**
 * The bot's side of the queue. Its Redis connection does not buffer commands
 * while disconnected, so an enqueue during an outage fails at once instead of
 * starting a capture long after the requester was told nothing happened.
 */
export class CaptureQueue {
  readonly #redis: Redis;
  readonly #queues: ClusterQueues;
  readonly #onLateAdd: (captureId: string) => void;
  readonly #keys: readonly Secret[];
  readonly #prefix: string;

  /** keys: JOB_SIGNING_KEY; the first signs every job. */
  constructor(redisUrl: string, prefix: string, keys: readonly Secret[], onLateAdd: (captureId: string) => void = () => {}) {
    this.#keys = keys;
    this.#prefix = prefix;
    this.#redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    this.#redis.on('error', () => {}); // reconnects by itself; enqueue reports the outage
    this.#queues = new ClusterQueues(CAPTURE_QUEUE, this.#redis, prefix);
    this.#queue(DEFAULT_CLUSTER);
    this.#onLateAdd = onLateAdd;
  }

  #queue(cluster: string): Queue {
    return this.#queues.of(cluster);
  }

  async enqueue(job: CaptureJob): Promise<void> {
    const { signature: _unsigned, ...unsigned } = captureJobSchema.parse(job);
    // Signed last, over exactly what the worker will parse: any change after this voids the job.
    const data = { ...unsigned, signature: signJob(this.#keys, 'capture', unsigned, new Date(), CAPTURE_JOB_VALID_MS) };
    if (this.#redis.status !== 'ready') {
      throw new QueueUnavailableError(`the queue (Redis) is unavailable: ${this.#redis.status}`);
    }
    const add = this.#index(data).then(() =>
      this.#queue(clusterOf(data)).add('capture', data, {
        jobId: data.captureId,
        attempts: 1,
        removeOnComplete: KEEP_FINISHED,
        removeOnFail: KEEP_FINISHED,
      }),
    );
    let timedOut = false;
    const timer = new Promise<never>((_, reject) =>
      setTimeout(() => {
        timedOut = true;
        reject(new QueueUnavailableError(`the queue (Redis) did not answer within ${ENQUEUE_TIMEOUT_MS / 1000}s`));
      }, ENQUEUE_TIMEOUT_MS).unref(),
    );
    // A job that lands after we reported failure must not run: take it back out.
    add.then(
      async (added) => {
        if (!timedOut) return;
        await added.remove().catch(() => {});
        this.#onLateAdd(data.captureId);
      },
      () => {},
    );
    try {
      await Promise.race([add, timer]);
    } catch (error) {
      if (error instanceof QueueUnavailableError) throw error;
      throw new QueueUnavailableError(`the queue (Redis) refused the job: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * Files the capture under its channel before it is queued, so `/capture list`
   * reads one page of ids; kept as long as BullMQ keeps finished jobs. An id
   * whose job never landed is dropped by the first list that meets it.
   */
  async #index(job: CaptureJob): Promise<void> {
    const key = robustnessKeys(this.#prefix).channelHistory(job.channel);
    const at = Date.parse(job.requestedAt);
    const multi = this.#redis.multi();
    if (clusterOf(job) !== DEFAULT_CLUSTER) multi.set(robustnessKeys(this.#prefix).captureCluster(job.captureId), clusterOf(job), 'EX', KEEP_FINISHED.age);
    await multi
      .zadd(key, at, job.captureId)
      .zremrangebyscore(key, '-inf', at - KEEP_FINISHED.age * 1000)
      .zremrangebyrank(key, 0, -(2 * KEEP_FINISHED.count) - 1)
      .pexpire(key, KEEP_FINISHED.age * 1000)
      .exec();
  }

  /** The jobs of one cluster's queue (unset: of every cluster this bot has queued for, and the default). */
  async depth(cluster?: string): Promise<QueueDepth> {
    const queues = cluster === undefined ? this.#queues.opened() : [this.#queue(cluster)];
    const all = await Promise.all(queues.map((queue) => queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed')));
    return all.reduce<QueueDepth>(
      (sum, counts) => ({
        waiting: sum.waiting + (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: sum.active + (counts.active ?? 0),
        delayed: sum.delayed + (counts.delayed ?? 0),
      }),
      { waiting: 0, active: 0, delayed: 0 },
    );
  }

  /** Reads captures back (for `/capture status` and `/capture list`) over this queue's connection. */
  history(): CaptureHistory {
    return new CaptureHistory((cluster) => this.#queue(cluster), this.#redis, this.#prefix);
  }

  async ping(): Promise<boolean> {
    try {
      return this.#redis.status === 'ready' && (await this.#redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.#queues.close();
    this.#redis.disconnect();
  }
}
