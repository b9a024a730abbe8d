import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ulid } from 'ulid';
import { signJob } from '../capture/job-signature.js';
import { relinkRequestSchema, type RelinkRequest } from '../capture/relink-request.js';
import type { Secret } from '../secret.js';
import { QueueUnavailableError } from './capture-queue.js';
import { clusterOf } from '../capture/cluster-name.js';
import { ClusterQueues } from './cluster-queues.js';
import { RELINK_QUEUE } from './queue-names.js';

const KEEP = { age: 86_400, count: 1_000 };
/** A click is answered within seconds; a request still queued after this is void. */
const RELINK_VALID_MS = 5 * 60_000;

/** The bot's side of fresh links: it queues the request, a worker presigns and answers. */
export class RelinkQueue {
  readonly #redis: Redis;
  readonly #queues: ClusterQueues;
  readonly #keys: readonly Secret[];

  constructor(redisUrl: string, prefix: string, keys: readonly Secret[]) {
    this.#keys = keys;
    this.#redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    this.#redis.on('error', () => {});
    this.#queues = new ClusterQueues(RELINK_QUEUE, this.#redis, prefix);
  }

  #queue(cluster: string): Queue {
    return this.#queues.of(cluster);
  }

  async request(relink: RelinkRequest): Promise<void> {
    const { signature: _unsigned, ...request } = relinkRequestSchema.parse(relink);
    const data = { ...request, signature: signJob(this.#keys, 'relink', request, new Date(), RELINK_VALID_MS) };
    if (this.#redis.status !== 'ready') throw new QueueUnavailableError(`the queue (Redis) is unavailable: ${this.#redis.status}`);
    await this.#queue(clusterOf(request)).add('relink', data, { jobId: `relink-${ulid()}`, attempts: 1, removeOnComplete: KEEP, removeOnFail: KEEP });
  }

  async close(): Promise<void> {
    await this.#queues.close();
    this.#redis.disconnect();
  }
}
