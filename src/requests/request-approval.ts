import { auditEventOf } from '../capture/audit-event.js';
import type { CaptureSpec } from '../capture/capture-spec.js';
import { captureCommandText } from '../capture/command-text.js';
import type { ResolutionNote } from '../capture/target-resolution.js';
import type { PolicyDecision } from '../policy/index.js';
import type { PendingApproval } from '../queue/pending-approval.js';
import type { AccessDeps } from './access-deps.js';
import type { CaptureRequestView } from './capture-request-view.js';
import type { RequestDoor } from './request-door.js';

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
  /** What the typed name turned out to be, for the ack. */
  notes: readonly ResolutionNote[] = [],
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
  await door.accepted(door.texts.approvalRequested(approval, notes));
  const tell = (text: string) => door.later(text).catch(() => {});

  try {
    await deps.approvals.add(approval, now.getTime(), ttlMs);
  } catch (error) {
    log.error({ err: error }, 'pending approval could not be stored; capture not started');
    await tell(door.texts.approvalNotStored(request.captureId));
    return;
  }
  deps.audit.record(
    auditEventOf(request, 'requested', { rule: decision.rule, detail: { approvers: approval.approvers, approvalExpiresAt: approval.expiresAt } }),
  );
  deps.expiry.expectDeadline(now.getTime() + ttlMs);

  let cardTs: string;
  try {
    cardTs = await door.board.postCard(approval);
  } catch (error) {
    log.warn({ err: error }, 'approval card could not be posted; capture not started');
    await deps.approvals.discard(request.captureId).catch((discardError: unknown) => log.warn({ err: discardError }, 'pending approval could not be removed'));
    await tell(door.texts.approvalNotPosted(request.captureId, error));
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
