import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { BullmqJobLookup } from '../queue/bullmq-job-lookup.js';
import { DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import { CAPTURE_QUEUE, clusterQueue, JANITOR_QUEUE } from '../queue/queue-names.js';
import type { CapturePodReaper, JanitorNotifier } from './janitor-ports.js';
import { runJanitorPass } from './janitor.js';
import type { ProgressNotifier } from './ports.js';

export { JANITOR_QUEUE } from '../queue/queue-names.js';
const SCHEDULER_ID = 'janitor';
const KEEP_PASSES = { count: 50 };

export interface JanitorOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  /** CLUSTER_NAME: the janitor looks after this cluster's capture pods and jobs only (unset: default). */
  readonly cluster?: string;
  /** JANITOR_INTERVAL, in seconds. */
  readonly intervalSeconds: number;
  readonly reaper: CapturePodReaper;
  readonly notifier: JanitorNotifier;
  readonly progress: Pick<ProgressNotifier, 'status'>;
  readonly log: Logger;
  /** Whether a live worker holds a capture slot for this capture id. */
  readonly held?: (captureId: string) => Promise<boolean>;
}

export interface RunningJanitor {
  readonly close: () => Promise<void>;
}

/**
 * Runs the janitor every JANITOR_INTERVAL as a BullMQ job scheduler: every
 * worker process keeps the scheduler in place (again after Redis comes back
 * empty), and a global concurrency of 1 lets one pass run at a time across them.
 */
export function startJanitor(options: JanitorOptions): RunningJanitor {
  const log = options.log.child({ component: 'janitor' });
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => {}); // the capture worker reports the outage
  const cluster = options.cluster ?? DEFAULT_CLUSTER;
  const queue = new Queue(clusterQueue(JANITOR_QUEUE, cluster), { connection: redis, prefix: options.prefix });
  const captures = new Queue(clusterQueue(CAPTURE_QUEUE, cluster), { connection: redis, prefix: options.prefix });
  queue.on('error', () => {});
  captures.on('error', () => {});
  const schedule = async () => {
    await queue.setGlobalConcurrency(1);
    await queue.upsertJobScheduler(
      SCHEDULER_ID,
      { every: options.intervalSeconds * 1000 },
      { name: 'janitor-pass', opts: { removeOnComplete: KEEP_PASSES, removeOnFail: KEEP_PASSES } },
    );
  };
  redis.on('ready', () => void schedule().catch((error: unknown) => log.warn({ err: error }, 'janitor could not be scheduled')));
  const jobs = new BullmqJobLookup(captures);
  const worker = new Worker(
    clusterQueue(JANITOR_QUEUE, cluster),
    async () => {
      const pass = await runJanitorPass({
        reaper: options.reaper,
        jobs,
        notifier: options.notifier,
        progress: options.progress,
        log,
        ...(options.held && { held: options.held }),
      });
      return { checked: pass.checked, removed: pass.removed.length, alreadyGone: pass.alreadyGone.length, reported: pass.reported.length };
    },
    { connection: redis, prefix: options.prefix, concurrency: 1 },
  );
  worker.on('error', (error) => log.warn({ err: error }, 'janitor worker error'));
  worker.on('failed', (_job, error) => log.warn({ err: error }, 'janitor pass failed; the next one retries'));
  return {
    close: async () => {
      await worker.close();
      await Promise.all([queue.close(), captures.close()]).catch(() => {});
      redis.disconnect();
    },
  };
}
