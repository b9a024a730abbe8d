import type { Logger } from 'pino';
import type { AuditEvent, AuditTrail } from '../capture/audit-event.js';

/**
 * Each event as one JSON log line: `audit` holds the event name, next to
 * captureId, who, requester, channel, target, rule and the event's details.
 * Written at info whatever LOG_LEVEL says: turning down chatter must not turn
 * off the trail.
 */
export class PinoAuditTrail implements AuditTrail {
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log.child({}, { level: 'info' });
  }

  record(event: AuditEvent): void {
    const { event: name, detail, ...facts } = event;
    this.#log.info({ audit: name, ...facts, ...detail }, `audit: ${name}`);
  }
}
