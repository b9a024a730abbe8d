import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CaptureResult } from '../capture/capture-result.js';
import { DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import { CAPTURE_QUEUE, clusterQueue } from '../queue/queue-names.js';
import type { CancelSignals } from './cancel-signals-port.js';
import { UNOBSERVED, type CaptureObserver } from './capture-observer.js';
import { statusReporter } from './capture-ending.js';
import type { CaptureRun } from './capture-run.js';
import { JobControl } from './job-control.js';
import { admitCaptureJob, type JobAdmissionRules } from './job-admission.js';
import { refuseJob } from './refuse-job.js';
import { observeRun } from './observed-run.js';
import { processCapture, type CaptureProcessorDeps } from './process-capture.js';
import { isHandedBack } from './requeue.js';

/**
 * A killed worker's job is taken up again within about 15 s (BullMQ's
 * defaults take ~90 s): its lock lapses after 10 s and another worker's
 * stalled check runs every 5 s. Two stalls are forgiven (e.g. a kill during a
 * rolling restart); a third fails the job, and the janitor then cleans up and
 * says so in the channel.
 */
const STALL_SETTINGS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 2 } as const;

export interface CaptureWorkerOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly concurrency: number;
  readonly deps: CaptureProcessorDeps;
  /** The signing keys and this worker's own limits: a job that fails them never reaches the cluster. */
  readonly admission: JobAdmissionRules;
  readonly log: Logger;
  /** Counts and times the captures (the metrics in production). */
  readonly observer?: CaptureObserver;
  /** Where `/capture cancel` reaches this worker; unset: captures cannot be cancelled once running. */
  readonly cancels?: CancelSignals;
}

export interface RunningWorker {
  readonly ping: () => Promise<boolean>;
  /** Stops taking jobs; after graceMs (unset: no limit) hands the running ones back to the queue. */
  readonly close: (graceMs?: number) => Promise<void>;
}

export function startCaptureWorker(options: CaptureWorkerOptions): RunningWorker {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', (error) => options.log.warn({ err: error }, 'redis connection error; reconnecting'));
  const control = new JobControl(options.log, options.cancels);
  const worker = new Worker(
    clusterQueue(CAPTURE_QUEUE, options.admission.cluster ?? DEFAULT_CLUSTER),
    async (job, token, signal): Promise<CaptureResult> => {
      const admission = admitCaptureJob(job.data, options.admission, new Date());
      if (!admission.admitted) {
        await refuseJob(job.id, admission, options.deps, options.log);
        throw new UnrecoverableError(`refused by the worker: ${admission.reason}`);
      }
      const captureJob = admission.job;
      const jobSignal = signal ?? new AbortController().signal;
      const observer = options.observer ?? UNOBSERVED;
      // Reported like any end, so /capture status reads it back as cancelled.
      const cancelled = (by: string, captureRun: CaptureRun) =>
        statusReporter(captureJob, options.deps.notifier, captureRun, options.log)({ stage: 'cancelled', by }).catch(() => {});
      const artifact = await control.run(job, token, cancelled, async (captureRun) => {
        const run = observeRun(options.deps, observer);
        const done = await processCapture(captureJob, run.deps, jobSignal, captureRun).catch((error: unknown) => {
          if (!isHandedBack(error)) run.failed(jobSignal);
          throw error;
        });
        run.succeeded(done);
        return done;
      });
      return {
        key: artifact.key,
        sizeBytes: artifact.sizeBytes,
        sha256: artifact.sha256,
        node: artifact.node,
        linkExpiresAt: artifact.expiresAt.toISOString(),
        ...(artifact.parts && { files: artifact.parts.map(({ key, node, sizeBytes, sha256 }) => ({ key, node, sizeBytes, sha256 })) }),
      };
    },
    { connection: redis, prefix: options.prefix, concurrency: options.concurrency, ...STALL_SETTINGS },
  );
  worker.on('error', (error) => options.log.warn({ err: error }, 'worker error'));
  void control.attach(worker).catch((error: unknown) => options.log.error({ err: error }, 'cannot listen for cancels'));
  return {
    ping: async () => {
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    close: async (graceMs) => {
      await control.close(worker, graceMs);
      redis.disconnect();
    },
  };
}
