import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { resolveRequestSchema } from '../capture/resolve-request.js';
import type { TargetResolution } from '../capture/target-resolution.js';
import { UserFacingError } from '../capture/user-facing-error.js';
import { DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import { clusterQueue, RESOLVE_QUEUE } from '../queue/queue-names.js';
import type { RunningWorker } from './capture-worker.js';
import { withinNodeLimit } from './node-limit.js';
import type { CaptureCluster } from './ports.js';

export interface ResolveWorkerOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  /** CLUSTER_NAME: the cluster whose targets this worker resolves (unset: default). */
  readonly clusterName?: string;
  readonly cluster: Pick<CaptureCluster, 'resolve'>;
  readonly maxNodesPerCapture: number;
  readonly log: Logger;
  readonly now?: () => number;
}

/** Answers the bot's resolve step: which pods, nodes and containers a typed target means in this cluster. */
export function startResolveWorker(options: ResolveWorkerOptions): RunningWorker {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', (error) => options.log.warn({ err: error }, 'redis connection error; reconnecting'));
  const now = options.now ?? Date.now;
  const worker = new Worker(
    clusterQueue(RESOLVE_QUEUE, options.clusterName ?? DEFAULT_CLUSTER),
    async (job): Promise<TargetResolution> => {
      const parsed = resolveRequestSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid resolve request: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
      const { deadline, ...request } = parsed.data;
      if (now() > deadline) throw new UnrecoverableError('the bot stopped waiting for this answer');
      try {
        return withinNodeLimit(await options.cluster.resolve(request), options.maxNodesPerCapture);
      } catch (error) {
        // The bot shows a user-facing reason as it is; anything else as a short line (the details are in this log).
        options.log.warn({ err: error, namespace: request.namespace, pod: request.pod }, 'target could not be resolved');
        throw new UnrecoverableError(error instanceof UserFacingError ? error.message : 'the Kubernetes API could not be read (see the worker log)');
      }
    },
    { connection: redis, prefix: options.prefix, concurrency: 10 },
  );
  worker.on('error', (error) => options.log.warn({ err: error }, 'resolve worker error'));
  return {
    ping: async () => (await redis.ping().catch(() => '')) === 'PONG',
    close: async () => {
      await worker.close();
      redis.disconnect();
    },
  };
}
