import type { WebClient } from '@slack/web-api';
import { auditEventOf } from '../capture/audit-event.js';
import type { ApprovalOutcome } from '../queue/pending-approval.js';
import type { AccessDeps } from './access-deps.js';
import { REASON_BLOCK } from '../slack/approval-actions.js';
import { deniedText } from '../slack/approval-messages.js';
import { notPendingText, passGate } from './approval-gate.js';
import { refuseElsewhere } from './decision-channel.js';
import { denyReasonView } from '../slack/deny-reason-view.js';
import type { ApprovalClick, DenySubmission } from '../slack/interaction-payloads.js';
import { slackError } from '../slack/slack-error.js';
import { updateCard } from '../slack/update-card.js';

/** Deny, clicked: after the same gate as Approve, the modal that asks for an optional reason. */
export async function openDenyModal(click: ApprovalClick, client: WebClient, tell: (text: string) => Promise<void>, deps: AccessDeps): Promise<void> {
  const gate = await passGate(deps, click.captureId, click.userId, click.command);
  if (!gate.ok) return tell(gate.text);
  const approval = gate.approval;
  const elsewhere = refuseElsewhere(deps, approval, click);
  if (elsewhere !== undefined) return tell(elsewhere);
  const cardTs = approval.cardTs ?? click.messageTs;
  if (cardTs === undefined) return tell(':warning: This request is still being posted; try again in a moment.');
  try {
    await client.views.open({ trigger_id: click.triggerId, view: denyReasonView(approval, { captureId: approval.captureId, channel: approval.channel, cardTs }) });
  } catch (error) {
    deps.log.warn({ err: error, captureId: approval.captureId }, 'deny modal could not be opened');
    await tell(`:warning: I could not open the Deny dialog (${slackError(error)}); click Deny again.`);
  }
}

/** What the modal's ack can carry: close it, or keep it open with an error under the reason field. */
export type ViewAck = (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;

function plain(text: string): string {
  return text.replace(/^:[a-z_]+: /, '');
}

/**
 * The Deny modal, submitted: the same gate again (the request may have been
 * decided or expired meanwhile), one atomic claim, the card updated with who
 * denied and why, and the requester told.
 */
export async function denyCapture(submission: DenySubmission, ack: ViewAck, client: WebClient, deps: AccessDeps): Promise<void> {
  const refuse = (text: string) => ack({ response_action: 'errors', errors: { [REASON_BLOCK]: plain(text) } });
  const gate = await passGate(deps, submission.captureId, submission.userId);
  if (!gate.ok) return refuse(gate.text);
  const outcome: ApprovalOutcome = {
    kind: 'denied',
    by: submission.userId,
    at: deps.now().toISOString(),
    ...(submission.reason !== undefined && { reason: submission.reason }),
  };
  const claim = await deps.approvals.claim(submission.captureId, outcome, deps.now().getTime());
  if (claim.kind !== 'claimed') return refuse(notPendingText(submission.captureId, claim));
  await ack();
  const approval = claim.approval;
  const clickedTs = submission.channel === approval.channel ? submission.cardTs : undefined;
  await updateCard(client, approval, outcome, deps.log, clickedTs);
  deps.audit.record(
    auditEventOf(approval, 'denied', { who: submission.userId, rule: approval.rule, ...(submission.reason !== undefined && { detail: { reason: submission.reason } }) }),
  );
  deps.log.info({ captureId: approval.captureId, deniedBy: submission.userId }, 'capture denied');
  // An alert has nobody to tell; the card says it was denied.
  if (approval.alert) return;
  const text = deniedText(approval, submission.userId, submission.reason);
  try {
    await client.chat.postEphemeral({ channel: approval.channel, user: approval.requestedBy, text });
  } catch {
    // Not in the channel any more: a direct message reaches them wherever they are.
    await client.chat
      .postMessage({ channel: approval.requestedBy, text })
      .catch((error: unknown) => deps.log.warn({ err: error, captureId: approval.captureId }, 'requester could not be told of the denial'));
  }
}
