import { auditEventOf } from '../capture/audit-event.js';
import type { CaptureLimits, CaptureSpec } from '../capture/capture-spec.js';
import { typedCommandText } from '../capture/command-text.js';
import type { ResolveAnswer, TargetResolver } from '../queue/resolve-queue.js';
import type { PolicyDecision } from '../policy/index.js';
import { captureRequestView, type RequestOrigin } from './capture-request-view.js';
import type { AccessDeps } from './access-deps.js';
import { decideRequest } from './policy-check.js';
import { requestApproval } from './request-approval.js';
import type { RequestDoor } from './request-door.js';
import { startCapture, type StartCaptureDeps } from './start-capture.js';
import { chooseCluster, type ClusterChoiceDeps } from './choose-cluster.js';
import { targetRequest } from './target-request.js';

export interface RequestCaptureDeps extends StartCaptureDeps, ClusterChoiceDeps {
  /** The bot's limits; its default driver is left out of a corrected command. */
  readonly limits: Pick<CaptureLimits, 'defaultDriver'>;
  readonly newCaptureId: () => string;
  readonly now: () => Date;
  readonly access: AccessDeps;
  /** Asks a worker what the typed target means in the cluster; the bot cannot look. */
  readonly resolver: TargetResolver;
}

/**
 * Checks the request against the access policy, then has a worker resolve
 * its target, before anything is posted: refused, not found or no worker →
 * an ephemeral answer only; allowed → ack with the capture id, status message
 * naming the exact pods and nodes, queue; needs approval → ack, then the
 * approval card naming them. A typo never reaches an approver.
 */
export async function requestCapture(spec: CaptureSpec, who: { readonly userId: string; readonly channelId: string }, door: RequestDoor, deps: RequestCaptureDeps): Promise<void> {
  const origin = { captureId: deps.newCaptureId(), requestedBy: who.userId, channel: who.channelId, requestedAt: deps.now().toISOString() };
  const chosen = await chooseCluster(spec, deps, door.texts);
  if (chosen.kind === 'not-started') {
    await notStartedForCluster(spec, origin, chosen, door, deps);
    return;
  }
  const decision = await decideRequest(deps.access, chosen.spec, { requester: who.userId, channel: who.channelId });
  await captureAsDecided(chosen.spec, origin, decision, door, deps, chosen.answer);
}

/** No cluster could take the request (unknown, unreachable, several or none): say so, audited as a refusal before any policy rule. */
export async function notStartedForCluster(
  spec: CaptureSpec,
  origin: RequestOrigin,
  chosen: { readonly text: string; readonly reason: string; readonly retryable?: true },
  door: RequestDoor,
  deps: Pick<RequestCaptureDeps, 'log' | 'access'>,
): Promise<RequestOutcome> {
  const typed = captureRequestView(spec, origin);
  deps.log.info({ captureId: origin.captureId, user: origin.requestedBy, channel: origin.channel, target: `${spec.namespace}/${spec.pod}`, reason: chosen.reason }, 'capture request not started');
  await door.notStarted(chosen.text);
  deps.access.audit.record(auditEventOf(typed, 'requested'));
  deps.access.audit.record(auditEventOf(typed, 'refused', { detail: { reason: chosen.reason } }));
  return chosen.retryable ? 'unanswered' : 'not-found';
}

/** How a request ended up: `unanswered` when no worker could be asked, which trying again may change. */
export type RequestOutcome = 'refused' | 'unanswered' | 'not-found' | 'started' | 'awaiting-approval';

/**
 * What follows the policy's decision, whichever door the request came in by:
 * refused → say so; else resolve the target in its cluster (not found or no
 * worker → say so), then start the capture or ask for its approval.
 * `resolved`: the cluster's answer, when choosing the cluster already asked.
 */
export async function captureAsDecided(
  spec: CaptureSpec,
  origin: RequestOrigin,
  decision: PolicyDecision,
  door: RequestDoor,
  deps: RequestCaptureDeps,
  resolved?: ResolveAnswer,
): Promise<RequestOutcome> {
  const typed = captureRequestView(spec, origin);
  const log = deps.log.child({ captureId: origin.captureId });
  const audit = deps.access.audit;
  if (decision.kind === 'refused') {
    log.info({ user: origin.requestedBy, channel: origin.channel, target: `${spec.namespace}/${spec.pod}`, spec, decision: decision.kind, rule: decision.rule }, 'capture requested');
    const corrected = door.offersCommands && decision.within ? typedCommandText({ ...spec, ...decision.within }, deps.limits) : undefined;
    await door.notStarted(door.texts.policyRefusal(decision.reason, corrected));
    audit.record(auditEventOf(typed, 'requested', { rule: decision.rule }));
    audit.record(auditEventOf(typed, 'refused', { rule: decision.rule, detail: { reason: decision.reason } }));
    return 'refused';
  }

  const notStarted = async (text: string, reason: string, outcome: RequestOutcome): Promise<RequestOutcome> => {
    log.info({ user: origin.requestedBy, channel: origin.channel, target: `${spec.namespace}/${spec.pod}`, reason }, 'capture request not started');
    await door.notStarted(text);
    audit.record(auditEventOf(typed, 'requested', { rule: decision.rule }));
    audit.record(auditEventOf(typed, 'refused', { rule: decision.rule, detail: { reason } }));
    return outcome;
  };
  const answer = resolved ?? (await deps.resolver.resolve(targetRequest(spec), spec.cluster));
  if (answer.kind !== 'answer') return notStarted(door.texts.resolveFailed(answer), `target not resolved: ${answer.kind}`, 'unanswered');
  if (answer.resolution.kind !== 'resolved') return notStarted(door.texts.unresolved(answer.resolution, spec), `target not resolved: ${answer.resolution.kind}`, 'not-found');

  const resolution = answer.resolution;
  const request = captureRequestView(spec, origin, resolution);
  log.info(
    { user: request.requestedBy, channel: request.channel, target: `${spec.namespace}/${request.pod}`, spec, resolved: request.resolved, decision: decision.kind, rule: decision.rule },
    'capture requested',
  );
  if (decision.kind === 'allowed') {
    await door.accepted(door.texts.accepted(request, resolution.notes));
    audit.record(auditEventOf(request, 'requested', { rule: decision.rule }));
    await startCapture({ ...request, policyRule: decision.rule }, door, deps, door.later);
    return 'started';
  }
  await requestApproval(request, spec, decision, door, deps.access, resolution.notes);
  return 'awaiting-approval';
}
