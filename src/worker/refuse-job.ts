import type { Logger } from 'pino';
import { jobAuditEvent } from './capture-audit.js';
import type { JobAdmission } from './job-admission.js';
import type { CaptureProcessorDeps } from './process-capture.js';

/**
 * Records a job the worker will not run: a log line (the reason, never the
 * key), a worker-refused audit event, and, for a job the bot signed (expired,
 * or past this worker's limits), its status message. An unsigned or altered job's channel and message are whatever was
 * written to Redis, so the worker posts nothing there.
 */
export async function refuseJob(
  jobId: string | undefined,
  admission: Extract<JobAdmission, { admitted: false }>,
  deps: Pick<CaptureProcessorDeps, 'notifier' | 'audit'>,
  log: Logger,
): Promise<void> {
  const { job, reason, signed } = admission;
  log.warn({ jobId, captureId: job?.captureId, reason, signed }, 'capture job refused by the worker; nothing was started');
  if (!job) return;
  deps.audit?.record(jobAuditEvent(job, 'worker-refused', { reason }));
  if (!signed) return;
  await deps.notifier.status(job, { stage: 'failed', reason: `the worker refused this capture: ${reason}` }).catch((error: unknown) => {
    log.warn({ err: error, captureId: job.captureId }, 'status message update failed');
  });
}
