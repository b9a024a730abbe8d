import type { AuditEvent, AuditTarget } from '../capture/audit-event.js';
import { CAPTUREBOT } from '../capture/audit-event.js';
import { formatDuration } from '../capture/duration.js';
import { describeWho } from '../policy/index.js';
import { code, escapeMrkdwn, formatBytes, formatUtc, mention } from './mrkdwn.js';

function actor(who: string): string {
  return who === CAPTUREBOT ? 'capturebot' : mention(who);
}

function target(what: AuditTarget | undefined): string {
  if (what === undefined) return 'an unreadable command';
  const filter = what.filter === undefined ? '' : `, filter ${code(what.filter)}`;
  return (
    `${what.selection !== undefined ? code(what.selection) : `pod ${code(what.pod)}`} in ${code(what.namespace)}${what.cluster === undefined ? '' : ` of cluster ${code(what.cluster)}`} ` +
    `(${formatDuration(what.durationSeconds)}, snaplen ${what.snaplen}, ${what.driver}${filter})`
  );
}

function utc(iso: string | undefined): string {
  return iso === undefined ? 'an unknown time' : formatUtc(new Date(iso));
}

function because(reason: string | undefined): string {
  return reason === undefined || reason === '' ? '' : `: ${escapeMrkdwn(reason)}`;
}

function what(event: AuditEvent): string {
  const d = event.detail ?? {};
  switch (event.event) {
    case 'requested': {
      const waits = d.approvers === undefined ? '' : ` (waits for ${d.approvers.length > 0 ? describeWho(d.approvers) : 'anyone else'} until ${utc(d.approvalExpiresAt)})`;
      return `requested by ${actor(event.who)}${waits}`;
    }
    case 'refused':
      return `refused for ${mention(event.requester)}${because(d.reason)}`;
    case 'approved':
      return `approved by ${actor(event.who)} for ${mention(event.requester)}`;
    case 'denied':
      return `denied by ${actor(event.who)} for ${mention(event.requester)}${because(d.reason)}`;
    case 'expired':
      return `expired without a decision (requested by ${mention(event.requester)})`;
    case 'started':
      return `started on node ${code(d.node ?? '?')}`;
    case 'finished':
      return `finished: ${d.sizeBytes === undefined ? 'trace stored' : formatBytes(d.sizeBytes)} from node ${code(d.node ?? '?')}`;
    case 'failed':
      return `failed${because(d.reason)}`;
    case 'link-issued':
      return `link issued to <#${event.channel}> for object ${code(d.key ?? '?')}, expires ${utc(d.linkExpiresAt)}`;
    case 'cancelled':
      return `cancelled by ${actor(event.who)} ${d.stage === 'running' ? 'while running' : 'before it started'} (requested by ${mention(event.requester)})`;
    case 'fresh-link-issued':
      return `fresh link issued to ${actor(event.who)} for object ${code(d.key ?? '?')}, expires ${utc(d.linkExpiresAt)}`;
    case 'action-refused': {
      const where = d.fromChannel === undefined ? '' : ` from <#${d.fromChannel}>`;
      return `${d.action ?? 'an action'} refused to ${actor(event.who)}${where}${because(d.reason)}`;
    }
    case 'worker-refused':
      return `refused by the worker, nothing was started (the job claims requester ${mention(event.requester)})${because(d.reason)}`;
  }
}

/**
 * One audit event as one line for AUDIT_CHANNEL: capture id, what happened
 * and who did it, the target, where it was asked, and the deciding rule.
 */
export function auditLine(event: AuditEvent): string {
  const rule = event.rule === undefined ? '' : ` · rule: ${escapeMrkdwn(event.rule)}`;
  return `${code(event.captureId)} ${what(event)} · ${target(event.target)} · asked in <#${event.channel}>${rule}`;
}
