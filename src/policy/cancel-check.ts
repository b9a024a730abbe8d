import type { ApproverCheck } from './approver-check.js';
import { findUser } from './membership.js';
import type { GroupMembership } from './policy-decision.js';
import type { Policy } from './policy-schema.js';
import { ruleFor } from './rule-for.js';
import { describeWho, isGroupId, joinOr, mention } from './slack-ids.js';

/** What deciding a cancel needs to know about the capture. */
export interface CancelTarget {
  readonly captureId: string;
  readonly namespace: string;
  readonly requestedBy: string;
  readonly approvedBy?: string | undefined;
}

/**
 * The approvers of captures in `namespace` under the policy in force, or
 * 'anyone' where anyone but the requester may approve (no policy file, or a
 * rule that requires approval and lists nobody).
 */
function approversOf(policy: Policy | undefined, namespace: string): readonly string[] | 'anyone' {
  if (policy === undefined) return 'anyone';
  const rule = ruleFor(policy, namespace);
  if (rule.kind === 'deny') return [];
  if (rule.approvers.length === 0) return rule.approval === 'required' ? 'anyone' : [];
  return rule.approvers;
}

/** The user groups `canCancel` needs fetched for a capture in `namespace`. */
export function cancelGroupIds(policy: Policy | undefined, namespace: string): readonly string[] {
  const approvers = approversOf(policy, namespace);
  return approvers === 'anyone' ? [] : approvers.filter(isGroupId);
}

/**
 * May `user` cancel the capture? Its requester, whoever approved it, and
 * anyone the policy in force lets approve captures in its namespace:
 * stopping a capture is the safe direction, so whoever could have said yes
 * may take it back. A group that could not be fetched does not count.
 */
export function canCancel(policy: Policy | undefined, target: CancelTarget, user: string, membership: GroupMembership): ApproverCheck {
  if (user === target.requestedBy || user === target.approvedBy) return { ok: true };
  const approvers = approversOf(policy, target.namespace);
  if (approvers === 'anyone') return { ok: true };
  const who = [`${mention(target.requestedBy)} (who asked for it)`];
  if (target.approvedBy) who.push(`${mention(target.approvedBy)} (who approved it)`);
  if (approvers.length > 0) who.push(`${describeWho(approvers)} (approvers for namespace ${target.namespace})`);
  const found = findUser(approvers, user, membership);
  if (found.kind === 'listed') return { ok: true };
  if (found.kind === 'unknown') {
    return { ok: false, reason: `Couldn't check with Slack whether you are in ${joinOr(found.groups.map(mention))}; try again in a minute.` };
  }
  return { ok: false, reason: `Only ${joinOr(who)} may cancel capture \`${target.captureId}\`.` };
}
