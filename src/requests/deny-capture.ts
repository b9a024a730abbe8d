import { auditEventOf } from '../capture/audit-event.js';
import type { ApprovalOutcome, PendingApproval } from '../queue/pending-approval.js';
import type { AccessDeps } from './access-deps.js';
import { passGate } from './approval-gate.js';
import { showOutcomeOnCard } from './card-outcome.js';
import { refuseElsewhere } from './decision-channel.js';
import type { DecisionClick, DenyDecision } from './decision-click.js';
import type { Channel, DecisionDoor } from './request-door.js';

/** Asks the clicker why they deny (the door's dialog); throws when it cannot be asked. */
export type AskDenyReason = (approval: PendingApproval, cardTs: string) => Promise<void>;

/** Deny, clicked: after the same gate as Approve, the dialog that asks for an optional reason. */
export async function openDenyModal(click: DecisionClick, door: DecisionDoor, askReason: AskDenyReason, deps: AccessDeps): Promise<void> {
  const { texts, tell } = door;
  const gate = await passGate(deps, texts, click.captureId, click.userId, click.command);
  if (!gate.ok) return tell(gate.text);
  const approval = gate.approval;
  const elsewhere = refuseElsewhere(deps, texts, approval, click);
  if (elsewhere !== undefined) return tell(elsewhere);
  const cardTs = approval.cardTs ?? click.messageTs;
  if (cardTs === undefined) return tell(texts.stillBeingPosted());
  try {
    await askReason(approval, cardTs);
  } catch (error) {
    deps.log.warn({ err: error, captureId: approval.captureId }, 'deny modal could not be opened');
    await tell(texts.denyDialogFailed(error));
  }
}

/** How the denier's dialog is answered: closed, or kept open with why not. */
export interface DenyAnswer {
  refuse(text: string): Promise<void>;
  done(): Promise<void>;
}

/**
 * The Deny dialog, submitted: the same gate again (the request may have been
 * decided or expired meanwhile), one atomic claim, the card updated with who
 * denied and why, and the requester told.
 */
export async function denyCapture(submission: DenyDecision, answer: DenyAnswer, channel: Channel, deps: AccessDeps): Promise<void> {
  const gate = await passGate(deps, channel.texts, submission.captureId, submission.userId);
  if (!gate.ok) return answer.refuse(gate.text);
  const outcome: ApprovalOutcome = {
    kind: 'denied',
    by: submission.userId,
    at: deps.now().toISOString(),
    ...(submission.reason !== undefined && { reason: submission.reason }),
  };
  const claim = await deps.approvals.claim(submission.captureId, outcome, deps.now().getTime());
  if (claim.kind !== 'claimed') return answer.refuse(channel.texts.notPending(submission.captureId, claim));
  await answer.done();
  const approval = claim.approval;
  const clickedTs = submission.channel === approval.channel ? submission.cardTs : undefined;
  await showOutcomeOnCard(channel.board, approval, outcome, deps.log, clickedTs);
  deps.audit.record(
    auditEventOf(approval, 'denied', { who: submission.userId, rule: approval.rule, ...(submission.reason !== undefined && { detail: { reason: submission.reason } }) }),
  );
  deps.log.info({ captureId: approval.captureId, deniedBy: submission.userId }, 'capture denied');
  // An alert has nobody to tell; the card says it was denied.
  if (approval.alert) return;
  await channel.board
    .tellRequester(approval, channel.texts.denied(approval, submission.userId, submission.reason))
    .catch((error: unknown) => deps.log.warn({ err: error, captureId: approval.captureId }, 'requester could not be told of the denial'));
}
