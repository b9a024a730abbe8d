import type { ApproverCheck } from './approver-check.js';
import { notAskable } from './evaluate.js';
import type { GroupMembership } from './policy-decision.js';
import type { Policy } from './policy-schema.js';
import { ruleFor } from './rule-for.js';
import { isGroupId } from './slack-ids.js';

/** Who asks for a fresh link, to a capture of `namespace` requested in `channel`. */
export interface FreshLinkAsk {
  readonly namespace: string;
  /** The capture's cluster; unset: default. */
  readonly cluster?: string | undefined;
  readonly channel: string;
  readonly user: string;
}

/**
 * May `ask.user` get a new link to a finished capture? Only someone the
 * policy in force would let request a capture in its namespace from its
 * channel today (the trace is what such a capture would show them); a
 * namespace now closed by a deny rule gives no more links. Channel
 * membership is the caller's check. Without a policy file anyone may ask.
 */
export function canGetFreshLink(policy: Policy | undefined, ask: FreshLinkAsk, membership: GroupMembership): ApproverCheck {
  if (policy === undefined) return { ok: true };
  const rule = ruleFor(policy, ask.namespace, ask.cluster);
  if (rule.kind === 'deny') return { ok: false, reason: `Namespace ${ask.namespace} is closed to captures by ${rule.label}: ${rule.reason}` };
  const why = notAskable(rule, { namespace: ask.namespace, channel: ask.channel, requester: ask.user }, membership);
  return why === undefined ? { ok: true } : { ok: false, reason: why };
}

/** The user groups `canGetFreshLink` needs fetched. */
export function freshLinkGroupIds(policy: Policy | undefined, namespace: string, cluster?: string): readonly string[] {
  if (policy === undefined) return [];
  const rule = ruleFor(policy, namespace, cluster);
  return rule.kind === 'deny' ? [] : [...new Set((rule.requesters ?? []).filter(isGroupId))];
}
