import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { captureJobSchema } from '../capture/capture-job.js';
import { CAPTURE_QUEUE } from '../queue/queue-names.js';
import { UNOBSERVED, type CaptureObserver } from './capture-observer.js';
import { observeRun } from './observed-run.js';
import { processCapture, type CaptureProcessorDeps } from './process-capture.js';

export interface CaptureWorkerOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly concurrency: number;
  readonly deps: CaptureProcessorDeps;
  readonly log: Logger;
  /** Counts and times the captures (the metrics in production). */
  readonly observer?: CaptureObserver;
}

/** What a finished job keeps in Redis: never the link itself, which is a credential. */
export interface CaptureJobResult {
  readonly key: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly node: string;
  readonly linkExpiresAt: string;
}

export interface RunningWorker {
  readonly ping: () => Promise<boolean>;
  readonly close: () => Promise<void>;
}

export function startCaptureWorker(options: CaptureWorkerOptions): RunningWorker {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', (error) => options.log.warn({ err: error }, 'redis connection error; reconnecting'));
  const worker = new Worker(
    CAPTURE_QUEUE,
    async (job, _token, signal): Promise<CaptureJobResult> => {
      const parsed = captureJobSchema.safeParse(job.data);
      if (!parsed.success) {
        options.log.error({ jobId: job.id, issues: parsed.error.issues }, 'invalid capture job data');
        throw new UnrecoverableError(`invalid capture job data: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
      }
      const jobSignal = signal ?? new AbortController().signal;
      const observer = options.observer ?? UNOBSERVED;
      observer.started();
      const run = observeRun(options.deps, observer);
      const artifact = await processCapture(parsed.data, run.deps, jobSignal).catch((error: unknown) => {
        run.failed(jobSignal);
        throw error;
      });
      run.succeeded(artifact);
      return {
        key: artifact.key,
        sizeBytes: artifact.sizeBytes,
        sha256: artifact.sha256,
        node: artifact.node,
        linkExpiresAt: artifact.expiresAt.toISOString(),
      };
    },
    { connection: redis, prefix: options.prefix, concurrency: options.concurrency },
  );
  worker.on('error', (error) => options.log.warn({ err: error }, 'worker error'));
  return {
    ping: async () => {
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    close: async () => {
      await worker.close();
      redis.disconnect();
    },
  };
}
