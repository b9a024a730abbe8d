import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { clusterQueue, type QueueBase } from './queue-names.js';

/** One BullMQ queue per cluster (`captures`, `captures@prod-eu`, …), each opened on first use. */
export class ClusterQueues {
  readonly #opened = new Map<string, Queue>();

  constructor(
    private readonly base: QueueBase,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  of(cluster: string): Queue {
    let queue = this.#opened.get(cluster);
    if (!queue) {
      queue = new Queue(clusterQueue(this.base, cluster), { connection: this.redis, prefix: this.prefix });
      // Errors reach the callers through their commands; an idle queue's connection errors are not news.
      queue.on('error', () => {});
      this.#opened.set(cluster, queue);
    }
    return queue;
  }

  /** The queues opened so far. */
  opened(): Queue[] {
    return [...this.#opened.values()];
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.opened().map((queue) => queue.close()));
  }
}
