import type { AuditDetail, AuditEvent, AuditEventKind } from '../capture/audit-event.js';
import { auditEventOf } from '../capture/audit-event.js';
import type { CaptureJob } from '../capture/capture-job.js';

/** An audit event about a queued capture: what the job says was asked, by whom, where and under which rule. */
export function jobAuditEvent(job: CaptureJob, event: AuditEventKind, detail?: AuditDetail): AuditEvent {
  return auditEventOf(job, event, {
    ...(job.policyRule !== undefined && { rule: job.policyRule }),
    ...(job.approvedBy !== undefined && { approvedBy: job.approvedBy }),
    ...(detail !== undefined && { detail }),
  });
}
