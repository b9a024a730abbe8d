import type { PendingApproval } from '../queue/pending-approval.js';
import type { AccessDeps } from './access-deps.js';
import { mayDecide } from './policy-check.js';
import type { RequestTexts } from './request-texts.js';

export type GateAnswer = { readonly ok: true; readonly approval: PendingApproval } | { readonly ok: false; readonly text: string };

/**
 * The checks every decision passes before anything changes: the request is
 * still pending, the button is the one on its card, and the clicker may decide.
 */
export async function passGate(deps: AccessDeps, texts: RequestTexts, captureId: string, userId: string, command?: string): Promise<GateAnswer> {
  const log = deps.log.child({ captureId, user: userId });
  const lookup = await deps.approvals.peek(captureId, deps.now().getTime());
  if (lookup.kind !== 'pending') {
    if (lookup.kind === 'expired') deps.expiry.sweepSoon();
    if (lookup.kind === 'unknown') log.warn('decision for a capture request that does not exist');
    return { ok: false, text: texts.notPending(captureId, lookup) };
  }
  const approval = lookup.approval;
  if (command !== undefined && command !== approval.command) {
    log.warn('decision whose button does not match the stored request');
    return { ok: false, text: texts.mismatchedButton(captureId) };
  }
  const check = await mayDecide(deps.groups, approval, userId);
  if (!check.ok) {
    log.info({ reason: check.reason }, 'decision refused: not an eligible approver');
    return { ok: false, text: texts.notAllowed(check.reason) };
  }
  return { ok: true, approval };
}
