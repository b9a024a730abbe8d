import type { CaptureSpec } from '../capture/capture-spec.js';
import type { CaptureJob } from '../capture/capture-job.js';
import { canCancel, cancelGroupIds, canDecide, canGetFreshLink, freshLinkGroupIds, evaluateAlertRequest, evaluateRequest, groupIdsToResolve, isGroupId, type ApproverCheck, type GroupMembership, type PolicyDecision } from '../policy/index.js';
import type { PendingApproval } from '../queue/pending-approval.js';
import type { CurrentPolicy, GroupDirectory } from './access-deps.js';

const NOBODY: GroupMembership = () => undefined;

async function membershipOf(groups: GroupDirectory, ids: readonly string[]): Promise<GroupMembership> {
  return ids.length === 0 ? NOBODY : groups.membership(ids);
}

/** The policy's decision on a request, with the user groups it needs fetched first. */
export async function decideRequest(
  deps: { readonly policy: CurrentPolicy; readonly groups: GroupDirectory },
  spec: CaptureSpec,
  who: { readonly requester: string; readonly channel: string },
): Promise<PolicyDecision> {
  const policy = deps.policy.current();
  const request = { ...who, namespace: spec.namespace, ...(spec.cluster !== undefined && { cluster: spec.cluster }), durationSeconds: spec.durationSeconds, snaplen: spec.snaplen, driver: spec.driver };
  const membership = await membershipOf(deps.groups, groupIdsToResolve(policy, request));
  return evaluateRequest(policy, request, membership, (groupId) => deps.groups.unknownToSlack?.(groupId));
}

/**
 * The policy's decision on a capture the alert rule `ruleName` asks for, by
 * the policy in force now: a rule removed since the alert came is a refusal.
 */
export function decideAlertRequest(deps: { readonly policy: CurrentPolicy }, ruleName: string, spec: CaptureSpec): PolicyDecision {
  const policy = deps.policy.current();
  const rule = policy?.alerts.find((candidate) => candidate.name === ruleName);
  if (policy === undefined || rule === undefined) {
    return { kind: 'refused', rule: `alert rule "${ruleName}"`, reason: `the policy no longer has the alert rule "${ruleName}"` };
  }
  return evaluateAlertRequest(policy, rule, { namespace: spec.namespace, ...(spec.cluster !== undefined && { cluster: spec.cluster }), durationSeconds: spec.durationSeconds, snaplen: spec.snaplen, driver: spec.driver });
}

/** May `clicker` approve or deny this request? Never its requester; otherwise as its rule listed. */
export async function mayDecide(groups: GroupDirectory, approval: PendingApproval, clicker: string): Promise<ApproverCheck> {
  if (clicker === approval.requestedBy) return canDecide(approval.approvers, approval.requestedBy, clicker, NOBODY);
  const membership = await membershipOf(groups, approval.approvers.filter(isGroupId));
  return canDecide(approval.approvers, approval.requestedBy, clicker, membership);
}

/** May `by.user` cancel this capture from `by.channel`? From its own channel: its requester, its approver, or whom the policy in force names. */
export async function mayCancel(
  deps: { readonly policy: CurrentPolicy; readonly groups: GroupDirectory },
  job: CaptureJob,
  by: { readonly user: string; readonly channel: string },
): Promise<ApproverCheck> {
  const policy = deps.policy.current();
  // From another channel the answer is no whatever the groups say: no lookup for it.
  const groups = by.channel === job.channel ? cancelGroupIds(policy, job.namespace, job.cluster) : [];
  return canCancel(policy, job, by, await membershipOf(deps.groups, groups));
}

/** May `user` get a fresh link to this capture? Whoever the policy in force lets request captures in its namespace from its channel. */
export async function mayGetFreshLink(deps: { readonly policy: CurrentPolicy; readonly groups: GroupDirectory }, job: CaptureJob, user: string): Promise<ApproverCheck> {
  const policy = deps.policy.current();
  const ask = { namespace: job.namespace, cluster: job.cluster, channel: job.channel, user };
  return canGetFreshLink(policy, ask, await membershipOf(deps.groups, freshLinkGroupIds(policy, job.namespace, job.cluster)));
}
