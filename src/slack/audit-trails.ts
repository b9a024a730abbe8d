import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { combinedAuditTrail } from '../audit/combined-audit-trail.js';
import { PinoAuditTrail } from '../audit/pino-audit-trail.js';
import type { AuditTrail } from '../capture/audit-event.js';
import { SlackAuditTrail } from './slack-audit-trail.js';

/** The audit trail as configured: always the JSON log, and AUDIT_CHANNEL when it is set. */
export function auditTrail(log: Logger, client: WebClient, auditChannel: string | undefined): AuditTrail {
  const logged = new PinoAuditTrail(log);
  if (auditChannel === undefined) return logged;
  return combinedAuditTrail([logged, new SlackAuditTrail(client, auditChannel, log)]);
}
