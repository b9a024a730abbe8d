import type { Logger } from 'pino';
import type { AuditTrail } from '../capture/audit-event.js';
import type { CaptureJob } from '../capture/capture-job.js';
import type { CaptureStatus } from '../capture/capture-status.js';
import { jobAuditEvent } from './capture-audit.js';
import { failureStatus } from './capture-failure.js';
import type { CaptureRun } from './capture-run.js';
import type { ProgressNotifier } from './ports.js';
import { CaptureCancelled, CaptureMustWait, CaptureReleased } from './requeue.js';

const FINAL_STAGES = new Set(['done', 'failed', 'cancelled']);

export type StatusReport = (status: CaptureStatus) => Promise<void>;

/**
 * Updates the status message (a Slack hiccup is logged, never fails the
 * capture) and keeps a final status in the job's progress, so a resumed job
 * knows how its capture ended.
 */
export function statusReporter(job: CaptureJob, notifier: ProgressNotifier, run: CaptureRun, log: Logger): StatusReport {
  return async (status) => {
    try {
      await notifier.status(job, status);
    } catch (error) {
      log.warn({ err: error, stage: status.stage }, 'status message update failed');
    }
    if (FINAL_STAGES.has(status.stage)) await run.save({ finalStatus: status as Extract<CaptureStatus, { stage: 'done' | 'failed' | 'cancelled' }> });
  };
}

/**
 * What a capture that threw becomes: still waiting for a slot, handed back on
 * shutdown or a lost lock (its pods kept for the next attempt), cancelled, or
 * failed (reported in the channel and the audit trail). Returns the error to
 * rethrow and whether the capture pods must be kept.
 */
export async function endThrownCapture(
  error: unknown,
  context: { job: CaptureJob; run: CaptureRun; report: StatusReport; log: Logger; audit: AuditTrail | undefined },
): Promise<{ error: unknown; keepPods: boolean }> {
  const { job, run, report, log, audit } = context;
  const stop = run.stopReason();
  if (error instanceof CaptureMustWait) return { error, keepPods: false };
  if (stop?.kind === 'shutdown' || stop?.kind === 'lost') {
    log.info({ why: stop.kind }, 'capture handed back; its pods stay for the next attempt');
    return { error: new CaptureReleased(`released on ${stop.kind}`, { cause: error }), keepPods: true };
  }
  if (stop?.kind === 'cancel') {
    log.info({ by: stop.by }, 'capture cancelled');
    audit?.record(jobAuditEvent(job, 'failed', { reason: `cancelled by ${stop.by}` }));
    await report({ stage: 'cancelled', by: stop.by });
    return { error: new CaptureCancelled(stop.by), keepPods: false };
  }
  log.error({ err: error }, 'capture failed');
  const failure = failureStatus(error, job.captureId);
  audit?.record(jobAuditEvent(job, 'failed', { reason: failure.reason }));
  await report(failure);
  return { error, keepPods: false };
}
