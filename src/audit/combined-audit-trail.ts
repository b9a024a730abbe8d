import type { AuditEvent, AuditTrail } from '../capture/audit-event.js';

/** One trail that records every event in each of the given trails. */
export function combinedAuditTrail(trails: readonly AuditTrail[]): AuditTrail {
  return {
    record(event: AuditEvent): void {
      for (const trail of trails) trail.record(event);
    },
  };
}
