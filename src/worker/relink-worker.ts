import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { verifyJob } from '../capture/job-signature.js';
import { relinkRequestSchema } from '../capture/relink-request.js';
import type { Secret } from '../secret.js';
import { CaptureHistory } from '../queue/capture-history.js';
import { DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import { CAPTURE_QUEUE, clusterQueue, RELINK_QUEUE } from '../queue/queue-names.js';
import type { RunningWorker } from './capture-worker.js';
import { issueFreshLinks, type FreshLinkDeps, type RelinkResult } from './fresh-links.js';

export interface RelinkWorkerOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  /** CLUSTER_NAME: fresh links for this cluster's captures only (unset: default). */
  readonly cluster?: string;
  readonly deps: Omit<FreshLinkDeps, 'findCapture'>;
  readonly log: Logger;
  /** JOB_SIGNING_KEY: a fresh link is presigned only for a request the bot signed. */
  readonly keys: readonly Secret[];
}

/** Answers "Fresh link" clicks: reads the finished capture job, presigns its traces again, posts the links to the user. */
export function startRelinkWorker(options: RelinkWorkerOptions): RunningWorker {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', (error) => options.log.warn({ err: error }, 'redis connection error; reconnecting'));
  const cluster = options.cluster ?? DEFAULT_CLUSTER;
  const captures = new Queue(clusterQueue(CAPTURE_QUEUE, cluster), { connection: redis, prefix: options.prefix });
  captures.on('error', () => {});
  const history = new CaptureHistory(captures, redis, options.prefix);
  // Only a completed capture has a stored result: the traces to sign again.
  const findCapture: FreshLinkDeps['findCapture'] = async (captureId) => {
    const record = await history.find(captureId);
    return record?.result ? { job: record.job, result: record.result } : undefined;
  };
  const worker = new Worker(
    clusterQueue(RELINK_QUEUE, cluster),
    async (job): Promise<RelinkResult> => {
      const parsed = relinkRequestSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid relink job data: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
      const { signature, ...request } = parsed.data;
      const check = verifyJob(options.keys, 'relink', request, signature, new Date());
      if (!check.ok) {
        options.log.warn({ relinkJob: job.id, captureId: request.captureId, reason: check.reason }, 'fresh link request refused by the worker; no link was issued');
        throw new UnrecoverableError(`refused by the worker: ${check.reason}`);
      }
      return issueFreshLinks(parsed.data, { ...options.deps, findCapture });
    },
    { connection: redis, prefix: options.prefix, concurrency: 5 },
  );
  worker.on('error', (error) => options.log.warn({ err: error }, 'relink worker error'));
  worker.on('failed', (job, error) => options.log.error({ err: error, relinkJob: job?.id }, 'fresh link could not be issued'));
  return {
    ping: async () => (await redis.ping().catch(() => '')) === 'PONG',
    close: async () => {
      await worker.close();
      await captures.close().catch(() => {});
      redis.disconnect();
    },
  };
}
