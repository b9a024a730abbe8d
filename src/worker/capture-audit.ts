import type { AuditDetail, AuditEvent, AuditEventKind } from '../capture/audit-event.js';
import type { CaptureJob } from '../capture/capture-job.js';

/** An audit event about a queued capture: what the job says was asked, by whom, where and under which rule. */
export function jobAuditEvent(job: CaptureJob, event: AuditEventKind, detail?: AuditDetail): AuditEvent {
  return {
    event,
    captureId: job.captureId,
    who: job.requestedBy,
    requester: job.requestedBy,
    channel: job.channel,
    target: {
      pod: job.pod,
      namespace: job.namespace,
      durationSeconds: job.durationSeconds,
      snaplen: job.snaplen,
      driver: job.driver,
      ...(job.filter !== undefined && { filter: job.filter }),
    },
    ...(job.policyRule !== undefined && { rule: job.policyRule }),
    ...(job.approvedBy !== undefined && { approvedBy: job.approvedBy }),
    ...(detail !== undefined && { detail }),
  };
}
