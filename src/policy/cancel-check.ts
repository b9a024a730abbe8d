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
  /** Its cluster; unset: default. */
  readonly cluster?: string | undefined;
  /** The channel the capture was requested in: the only place it may be cancelled from. */
  readonly channel: string;
  readonly requestedBy: string;
  readonly approvedBy?: string | undefined;
}

/** Who asks, and from which channel. */
export interface Canceller {
  readonly user: string;
  readonly channel: string;
}

interface Named {
  /** The approvers the rule names; none where anyone but the requester may approve. */
  readonly approvers: readonly string[];
  readonly cancellers: readonly string[];
}

/**
 * Whom the policy in force names for captures in `namespace`. An approval
 * open to "anyone but the requester" names nobody: being able to approve a
 * capture that is not yet running does not make a stranger someone who may
 * stop a capture that is (a stopped capture is lost evidence).
 */
function namedFor(policy: Policy | undefined, namespace: string, cluster?: string): Named {
  if (policy === undefined) return { approvers: [], cancellers: [] };
  const rule = ruleFor(policy, namespace, cluster);
  if (rule.kind === 'deny') return { approvers: [], cancellers: policy.defaults.cancellers };
  return { approvers: rule.approvers, cancellers: rule.cancellers };
}

/** The user groups `canCancel` needs fetched for a capture in `namespace`. */
export function cancelGroupIds(policy: Policy | undefined, namespace: string, cluster?: string): readonly string[] {
  const named = namedFor(policy, namespace, cluster);
  return [...new Set([...named.approvers, ...named.cancellers].filter(isGroupId))];
}

/** Everyone who may cancel the capture, as one line. */
function whoMay(target: CancelTarget, named: Named): string {
  const who = [`${mention(target.requestedBy)} (who asked for it)`];
  if (target.approvedBy) who.push(`${mention(target.approvedBy)} (who approved it)`);
  if (named.approvers.length > 0) who.push(`${describeWho(named.approvers)} (approvers for namespace ${target.namespace})`);
  if (named.cancellers.length > 0) who.push(`${describeWho(named.cancellers)} (cancellers for namespace ${target.namespace})`);
  return joinOr(who);
}

/**
 * May `by.user` cancel the capture from `by.channel`? Only from the channel
 * it was requested in, and only its requester, whoever approved it, the
 * approvers the policy in force names for its namespace, or its `cancellers`.
 * A group that could not be fetched does not count.
 */
export function canCancel(policy: Policy | undefined, target: CancelTarget, by: Canceller, membership: GroupMembership): ApproverCheck {
  const named = namedFor(policy, target.namespace, target.cluster);
  const refused: ApproverCheck = {
    ok: false,
    reason: `Only ${whoMay(target, named)} may cancel capture \`${target.captureId}\`, and only in ${mention(target.channel)}.`,
  };
  if (by.channel !== target.channel) return refused;
  if (by.user === target.requestedBy || by.user === target.approvedBy) return { ok: true };
  const found = findUser([...named.approvers, ...named.cancellers], by.user, membership);
  if (found.kind === 'listed') return { ok: true };
  if (found.kind === 'unknown') {
    return { ok: false, reason: `Couldn't check with Slack whether you are in ${joinOr(found.groups.map(mention))}; try again in a minute.` };
  }
  return refused;
}
