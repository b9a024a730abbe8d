import type { Job, JobType, Queue } from 'bullmq';
import { captureJobSchema, type CaptureJob } from '../capture/capture-job.js';
import { progressOf } from '../capture/capture-progress.js';
import { captureResultSchema, type CaptureResult } from '../capture/capture-result.js';

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

const UNFINISHED: readonly JobType[] = ['active', 'waiting', 'prioritized', 'waiting-children', 'delayed'];
const FINISHED: readonly JobType[] = ['completed', 'failed'];

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

/**
 * Reads captures back out of the queue: BullMQ keeps finished jobs a week (at
 * most 1000 of each outcome), with their data and their return value.
 */
export class CaptureHistory {
  readonly #queue: Queue;

  constructor(queue: Queue) {
    this.#queue = queue;
  }

  async find(captureId: string): Promise<CaptureRecord | undefined> {
    const job = await this.#queue.getJob(captureId);
    if (!job) return undefined;
    return recordOf(await job.getState(), job);
  }

  /** The channel's captures that have not finished, newest first. */
  async unfinished(channel: string): Promise<CaptureRecord[]> {
    return (await this.#inStates(UNFINISHED, channel)).sort(newestFirst);
  }

  /** The channel's last `limit` captures, whatever became of them, newest first. */
  async recent(channel: string, limit: number): Promise<CaptureRecord[]> {
    return (await this.#inStates([...UNFINISHED, ...FINISHED], channel)).sort(newestFirst).slice(0, limit);
  }

  async #inStates(types: readonly JobType[], channel: string): Promise<CaptureRecord[]> {
    const perType = await Promise.all(types.map(async (type) => (await this.#queue.getJobs([type])).map((job) => recordOf(type, job))));
    // A job that moved on while the lists were read shows up twice: keep its first sighting.
    const byId = new Map<string, CaptureRecord>();
    for (const record of perType.flat()) {
      if (record && record.job.channel === channel && !byId.has(record.job.captureId)) byId.set(record.job.captureId, record);
    }
    return [...byId.values()];
  }
}
