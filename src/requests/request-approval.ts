import { auditEventOf } from '../capture/audit-event.js';
import type { CaptureSpec } from '../capture/capture-spec.js';
import { captureCommandText } from '../capture/command-text.js';
import type { PolicyDecision } from '../policy/index.js';
import type { PendingApproval } from '../queue/pending-approval.js';
import type { AccessDeps } from './access-deps.js';
import { approvalCard, approversText } from '../slack/approval-card.js';
import { approvalNotPostedText, approvalRequestedText } from '../slack/approval-messages.js';
import type { RequestDoor } from './request-capture.js';
import { slackError } from '../slack/slack-error.js';
import type { CaptureRequestView } from '../slack/status-message.js';

/**
 * Acks, stores the pending approval (with the approval TTL), then posts the
 * card and records its ts. Stored first, so a click on a fresh card always
 * finds its request; a card that cannot be posted takes the request with it.
 */
export async function requestApproval(
  request: CaptureRequestView,
  spec: CaptureSpec,
  decision: Extract<PolicyDecision, { kind: 'needs-approval' }>,
  door: RequestDoor,
  deps: AccessDeps,
  /** Lines the ack adds about what the typed name turned out to be. */
  notes = '',
): Promise<void> {
  const now = deps.now();
  const ttlMs = deps.approvalTtlSeconds * 1000;
  const approval: PendingApproval = {
    ...request,
    command: captureCommandText(spec),
    rule: decision.rule,
    approvers: [...decision.approvers],
    expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
  };
  const log = deps.log.child({ captureId: request.captureId });
  await door.accepted(`${approvalRequestedText(approval, approversText(approval))}${notes}`);
  const tell = (text: string) => door.later(text).catch(() => {});

  try {
    await deps.approvals.add(approval, now.getTime(), ttlMs);
  } catch (error) {
    log.error({ err: error }, 'pending approval could not be stored; capture not started');
    await tell(approvalNotPostedText(request.captureId, 'the approval store (Redis) is unavailable'));
    return;
  }
  deps.audit.record(
    auditEventOf(request, 'requested', { rule: decision.rule, detail: { approvers: approval.approvers, approvalExpiresAt: approval.expiresAt } }),
  );
  deps.expiry.expectDeadline(now.getTime() + ttlMs);

  let cardTs: string;
  try {
    const card = approvalCard(approval);
    const posted = await door.client.chat.postMessage({ channel: request.channel, text: card.text, blocks: [...card.blocks] });
    if (!posted.ts) throw new Error('chat.postMessage returned no ts');
    cardTs = posted.ts;
  } catch (error) {
    log.warn({ err: error }, 'approval card could not be posted; capture not started');
    await deps.approvals.discard(request.captureId).catch((discardError: unknown) => log.warn({ err: discardError }, 'pending approval could not be removed'));
    await tell(approvalNotPostedText(request.captureId, slackError(error)));
    return;
  }
  try {
    await deps.approvals.attachCard(approval, cardTs);
  } catch (error) {
    // The click handlers fall back to the clicked message; only the expiry update needs this ts.
    log.warn({ err: error }, 'approval card ts could not be stored');
  }
  log.info({ cardTs, approvers: approval.approvers, expiresAt: approval.expiresAt }, 'approval requested');
}
