import { DelayedError, Job, WaitingError, type Worker } from 'bullmq';
import type { Logger } from 'pino';
import { progressOf, type CaptureProgress } from '../capture/capture-progress.js';
import type { CancelSignals } from './cancel-signals-port.js';
import type { CaptureRun, StopReason } from './capture-run.js';
import { CaptureCancelled, CaptureMustWait, CaptureReleased } from './requeue.js';

/** How often a capture held back by a limit looks again. */
export const WAIT_RECHECK_MS = 5_000;
// Progress is an aid to resuming: a Redis that does not answer must not hold the capture up.
const SAVE_TIMEOUT_MS = 5_000;

/**
 * The BullMQ side of a capture job's lifecycle beyond processing it: the
 * progress kept in job data, cancels announced by the bot, locks lost to
 * another worker, and handing jobs back to the queue (to wait for a slot, or
 * on shutdown) instead of failing them.
 */
export class JobControl {
  readonly #running = new Set<string>();
  readonly #stops = new Map<string, StopReason>();
  #unsubscribe: (() => void) | undefined;
  #closed = false;

  constructor(
    private readonly log: Logger,
    private readonly cancels: CancelSignals | undefined,
  ) {}

  /** Listens for cancels and lost locks on worker's jobs. */
  async attach(worker: Worker): Promise<void> {
    worker.on('lockRenewalFailed', (ids) => void Promise.all(ids.map((id) => this.#lockLost(worker, id))));
    const unsubscribe = await this.cancels?.subscribe((captureId) => void this.#cancel(worker, captureId));
    if (this.#closed) unsubscribe?.();
    else this.#unsubscribe = unsubscribe;
  }

  /**
   * Runs one attempt of job. Cancelled before it started: notifyCancelled and fail.
   * A capture that must wait goes back to the queue delayed; a released one goes back to wait.
   */
  async run<R>(job: Job, token: string | undefined, notifyCancelled: (by: string, run: CaptureRun) => Promise<void>, body: (run: CaptureRun) => Promise<R>): Promise<R> {
    const id = job.id ?? '';
    const by = await this.cancels?.cancelledBy(id).catch(() => undefined);
    if (by) {
      await notifyCancelled(by, this.#captureRun(job));
      throw new CaptureCancelled(by);
    }
    this.#running.add(id);
    try {
      return await body(this.#captureRun(job));
    } catch (error) {
      if (error instanceof CaptureMustWait && token) {
        await job.moveToDelayed(Date.now() + WAIT_RECHECK_MS, token);
        throw new DelayedError(error.message);
      }
      if (error instanceof CaptureReleased) {
        // A lost job belongs to another worker now: leave it be. A shut-down one goes back to wait at once.
        if (this.#stops.get(id)?.kind === 'shutdown' && token) await job.moveToWait(token);
        throw new WaitingError(error.message);
      }
      throw error;
    } finally {
      this.#running.delete(id);
      this.#stops.delete(id);
    }
  }

  /** Closes worker: it takes no new job; after graceMs the jobs still running are handed back. */
  async close(worker: Worker, graceMs: number | undefined): Promise<void> {
    const release =
      graceMs === undefined
        ? undefined
        : setTimeout(() => {
            if (this.#running.size > 0) this.log.info({ captures: [...this.#running] }, 'shutdown grace over: handing running captures back to the queue');
            for (const id of this.#running) this.#stops.set(id, { kind: 'shutdown' });
            worker.cancelAllJobs('the worker is shutting down');
          }, graceMs);
    try {
      await worker.close();
    } finally {
      clearTimeout(release);
      this.#closed = true;
      this.#unsubscribe?.();
    }
  }

  #captureRun(job: Job): CaptureRun {
    const id = job.id ?? '';
    return {
      progress: progressOf(job.data),
      // attemptsStarted also counts a stalled attempt (its worker died) and each return from waiting for a slot.
      firstAttempt: job.attemptsMade === 0 && job.attemptsStarted <= 1,
      save: async (change: Partial<CaptureProgress>) => {
        const data = { ...(job.data as object), progress: { ...progressOf(job.data), ...change } };
        const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer')), SAVE_TIMEOUT_MS).unref());
        await Promise.race([job.updateData(data), timeout]).catch((error: unknown) =>
          this.log.warn({ err: error, captureId: id }, 'capture progress could not be saved; a resumed job may redo a stage'),
        );
      },
      stopReason: () => this.#stops.get(id),
    };
  }

  async #cancel(worker: Worker, captureId: string): Promise<void> {
    if (!this.#running.has(captureId)) return;
    const by = (await this.cancels?.cancelledBy(captureId).catch(() => undefined)) ?? 'unknown';
    this.#stops.set(captureId, { kind: 'cancel', by });
    worker.cancelJob(captureId, `cancelled by ${by}`);
  }

  async #lockLost(worker: Worker, captureId: string): Promise<void> {
    if (!this.#running.has(captureId)) return;
    // When Redis lost the job altogether (restarted empty), nobody else can take it: finish it here.
    const job = await Job.fromId(worker, captureId).catch(() => undefined);
    if (!job) {
      this.log.warn({ captureId }, 'the queue no longer knows this capture (Redis lost its data?); finishing it anyway');
      return;
    }
    this.log.warn({ captureId }, 'lost the lock on this capture to another worker; letting go of it');
    this.#stops.set(captureId, { kind: 'lost' });
    worker.cancelJob(captureId, 'lock lost');
  }
}
