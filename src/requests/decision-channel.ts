import { auditEventOf } from '../capture/audit-event.js';
import type { PendingApproval } from '../queue/pending-approval.js';
import type { AccessDeps } from './access-deps.js';
import type { RequestTexts } from './request-texts.js';

/**
 * A decision counts only when clicked on the card in the channel the capture
 * was requested in (where everyone there sees who decided). A click whose
 * payload names another channel, or none, is refused and audited; the text
 * to show the clicker is returned, undefined when the click may go on.
 */
export function refuseElsewhere(
  deps: Pick<AccessDeps, 'audit' | 'log'>,
  texts: RequestTexts,
  approval: PendingApproval,
  click: { readonly userId: string; readonly channelId?: string | undefined; readonly action: 'approve' | 'deny' },
): string | undefined {
  if (click.channelId === approval.channel) return undefined;
  const reason = `decisions on capture ${approval.captureId} are made on its card in ${approval.channel}`;
  deps.log.warn({ captureId: approval.captureId, user: click.userId, fromChannel: click.channelId }, 'decision refused: clicked outside the capture channel');
  deps.audit.record(
    auditEventOf(approval, 'action-refused', {
      who: click.userId,
      rule: approval.rule,
      detail: { action: click.action, reason, ...(click.channelId !== undefined && { fromChannel: click.channelId }) },
    }),
  );
  return texts.decidedElsewhere(approval);
}
