import { auditEventOf } from '../capture/audit-event.js';
import { parseCaptureCommand } from '../capture/grammar.js';
import type { PolicyDecision } from '../policy/index.js';
import type { ApprovalOutcome, PendingApproval } from '../queue/pending-approval.js';
import { captureRequestView, type CaptureRequestView } from './capture-request-view.js';
import type { AccessDeps } from './access-deps.js';
import { passGate } from './approval-gate.js';
import { showOutcomeOnCard } from './card-outcome.js';
import type { DecisionClick } from './decision-click.js';
import { refuseElsewhere } from './decision-channel.js';
import { decideAlertRequest, decideRequest, mayDecide } from './policy-check.js';
import { startCapture, type StartCaptureDeps } from './start-capture.js';
import type { DecisionDoor } from './request-door.js';

export interface ApproveDeps extends StartCaptureDeps {
  readonly access: AccessDeps;
}

type Verdict =
  | { readonly kind: 'go'; readonly request: CaptureRequestView; readonly decision: PolicyDecision }
  | { readonly kind: 'refused'; readonly rule: string; readonly reason: string };

/**
 * The stored command goes through the grammar and the policy again, as if it
 * were typed now: a policy (or a limit) tightened while the request waited wins.
 */
async function recheck(approval: PendingApproval, deps: AccessDeps): Promise<Verdict> {
  const parsed = parseCaptureCommand(approval.command, deps.limits);
  if (parsed.kind !== 'capture') {
    const reason = parsed.kind === 'invalid' ? parsed.problem : 'the stored command is not a capture';
    return { kind: 'refused', rule: 'the /capture limits (MAX_DURATION, MAX_SNAPLEN)', reason };
  }
  const decision = approval.alert
    ? decideAlertRequest(deps, approval.alert.rule, parsed.spec)
    : await decideRequest(deps, parsed.spec, { requester: approval.requestedBy, channel: approval.channel });
  if (decision.kind === 'refused') return { kind: 'refused', rule: decision.rule, reason: decision.reason };
  // The limits come from the command as typed; what it captures is what the card showed the approver.
  const shown = { pod: approval.pod, ...(approval.target && { target: approval.target }), nodes: approval.resolved ?? [] };
  const request = captureRequestView(parsed.spec, approval, shown);
  return { kind: 'go', request, decision };
}

/** Approve: gate, recheck, one atomic claim, card updated in place, then the normal status message and queue. */
export async function approveCapture(click: DecisionClick, door: DecisionDoor, deps: ApproveDeps): Promise<void> {
  const { access } = deps;
  const { texts } = door;
  const tell = door.tell;
  const gate = await passGate(access, texts, click.captureId, click.userId, click.command);
  if (!gate.ok) return tell(gate.text);
  const approval = gate.approval;
  const elsewhere = refuseElsewhere(access, texts, approval, click);
  if (elsewhere !== undefined) return tell(elsewhere);
  const verdict = await recheck(approval, access);
  if (verdict.kind === 'go' && verdict.decision.kind === 'needs-approval') {
    const check = await mayDecide(access.groups, { ...approval, approvers: [...verdict.decision.approvers] }, click.userId);
    if (!check.ok) return tell(texts.notAllowed(check.reason));
  }

  const at = access.now().toISOString();
  const outcome: ApprovalOutcome =
    verdict.kind === 'go' ? { kind: 'approved', by: click.userId, at } : { kind: 'refused', by: click.userId, at, reason: verdict.reason };
  const claim = await access.approvals.claim(approval.captureId, outcome, access.now().getTime());
  if (claim.kind !== 'claimed') return tell(texts.notPending(approval.captureId, claim));
  const clickedTs = click.channelId === approval.channel ? click.messageTs : undefined;
  await showOutcomeOnCard(door.board, claim.approval, outcome, access.log, clickedTs);

  if (verdict.kind === 'refused') {
    access.audit.record(auditEventOf(approval, 'refused', { who: click.userId, rule: verdict.rule, detail: { reason: verdict.reason } }));
    return tell(texts.policyNowRefuses(verdict.reason));
  }
  access.audit.record(auditEventOf(verdict.request, 'approved', { who: click.userId, rule: approval.rule, approvedBy: click.userId }));
  access.log.info({ captureId: approval.captureId, approvedBy: click.userId }, 'capture approved');
  await startCapture({ ...verdict.request, policyRule: verdict.decision.rule, approvedBy: click.userId }, door, deps, tell);
}
