import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { captureJobSchema, type CaptureJob } from '../capture/capture-job.js';
import { progressOf } from '../capture/capture-progress.js';
import { captureResultSchema, type CaptureResult } from '../capture/capture-result.js';
import { DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import { robustnessKeys } from './robustness-keys.js';

/** Where a capture stands, as `/capture status` and `/capture list` show it. */
export type CaptureState = 'queued' | 'held' | 'running' | 'done' | 'failed' | 'cancelled';

export interface CaptureRecord {
  readonly job: CaptureJob;
  readonly state: CaptureState;
  /** A finished capture's traces (never a link). */
  readonly result?: CaptureResult;
  /** Why it failed, as the worker put it. */
  readonly reason?: string;
  /** What a held-back capture waits for, or who cancelled it. */
  readonly note?: string;
  readonly finishedAt?: Date;
}

function stateOf(type: string, job: Job): Pick<CaptureRecord, 'state' | 'note'> {
  const progress = progressOf(job.data);
  if (progress.finalStatus?.stage === 'cancelled') return { state: 'cancelled', note: progress.finalStatus.by };
  switch (type) {
    case 'active':
      return { state: 'running' };
    case 'delayed':
      return { state: 'held', ...(progress.waitingFor ? { note: progress.waitingFor } : {}) };
    case 'completed':
      return { state: 'done' };
    case 'failed':
      return { state: 'failed' };
    default:
      return { state: 'queued' };
  }
}

function recordOf(type: string, job: Job): CaptureRecord | undefined {
  const parsed = captureJobSchema.safeParse(job.data);
  if (!parsed.success) return undefined;
  const result = type === 'completed' ? captureResultSchema.safeParse(job.returnvalue) : undefined;
  return {
    job: parsed.data,
    ...stateOf(type, job),
    ...(result?.success ? { result: result.data } : {}),
    ...(type === 'failed' && job.failedReason ? { reason: job.failedReason } : {}),
    ...(job.finishedOn ? { finishedAt: new Date(job.finishedOn) } : {}),
  };
}

const newestFirst = (a: CaptureRecord, b: CaptureRecord) => b.job.requestedAt.localeCompare(a.job.requestedAt);

/** How far back `/capture status` looks for a channel's unfinished captures, and how many it reads at most. */
const UNFINISHED_LOOKBACK_MS = 2 * 86_400_000;
const UNFINISHED_MAX = 100;
/** `/capture list` reads past ids whose job BullMQ has dropped, up to this many pages. */
const MAX_PAGES = 3;

/**
 * Reads captures back out of the queue: BullMQ keeps finished jobs a week (at
 * most 1000 of each outcome), with their data and their return value. A
 * channel's captures are found through its index (a sorted set of capture ids
 * by request time, written when each is queued), so a channel's list reads its
 * own page of jobs, never every kept job.
 */
/** The capture queue of a cluster. */
export type QueueOfCluster = (cluster: string) => Queue;

export class CaptureHistory {
  readonly #queueOf: QueueOfCluster;
  readonly #keys: ReturnType<typeof robustnessKeys>;
  readonly #redis: Redis;

  /** queues: the capture queue (one cluster's) or each cluster's; redis: a connection to the queue's Redis, for the indexes. */
  constructor(queues: Queue | QueueOfCluster, redis: Redis, prefix: string) {
    this.#queueOf = typeof queues === 'function' ? queues : () => queues;
    this.#redis = redis;
    this.#keys = robustnessKeys(prefix);
  }

  /** The job of a capture id, in its cluster's queue (the index names any cluster but the default). */
  async #job(captureId: string): Promise<Job | undefined> {
    const cluster = (await this.#redis.get(this.#keys.captureCluster(captureId))) ?? DEFAULT_CLUSTER;
    return this.#queueOf(cluster).getJob(captureId);
  }

  async find(captureId: string): Promise<CaptureRecord | undefined> {
    const job = await this.#job(captureId);
    if (!job) return undefined;
    return recordOf(await job.getState(), job);
  }

  /** The channel's captures that have not finished, newest first. */
  async unfinished(channel: string): Promise<CaptureRecord[]> {
    const ids = await this.#redis.zrevrangebyscore(this.#keys.channelHistory(channel), '+inf', Date.now() - UNFINISHED_LOOKBACK_MS, 'LIMIT', 0, UNFINISHED_MAX);
    const { records } = await this.#read(channel, ids);
    return records.filter((r) => r.state === 'queued' || r.state === 'held' || r.state === 'running').sort(newestFirst);
  }

  /** The channel's last `limit` captures, whatever became of them, newest first. */
  async recent(channel: string, limit: number): Promise<CaptureRecord[]> {
    const found: CaptureRecord[] = [];
    let offset = 0;
    for (let page = 0; page < MAX_PAGES && found.length < limit; page += 1) {
      const ids = await this.#redis.zrevrange(this.#keys.channelHistory(channel), offset, offset + limit - 1);
      const { records, dropped } = await this.#read(channel, ids);
      found.push(...records);
      if (ids.length < limit) break;
      // Dropped ids left the index: the next page starts that much earlier.
      offset += ids.length - dropped;
    }
    return found.sort(newestFirst).slice(0, limit);
  }

  /** The jobs of these ids, of this channel; ids whose job is gone (BullMQ dropped it) leave the index. */
  async #read(channel: string, ids: readonly string[]): Promise<{ records: CaptureRecord[]; dropped: number }> {
    const read = await Promise.all(
      ids.map(async (id) => {
        const job = await this.#job(id);
        return { id, record: job ? recordOf(await job.getState(), job) : undefined };
      }),
    );
    const gone = read.filter((r) => r.record === undefined).map((r) => r.id);
    if (gone.length > 0) await this.#redis.zrem(this.#keys.channelHistory(channel), ...gone);
    // The index is only a pointer: the job's own channel decides (a job is never shown in another channel).
    return { records: read.flatMap((r) => (r.record && r.record.job.channel === channel ? [r.record] : [])), dropped: gone.length };
  }
}
