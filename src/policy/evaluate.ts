import { formatDuration } from '../capture/duration.js';
import { expandUsers, findUser } from './membership.js';
import type { GroupMembership, PolicyDecision, PolicyRequest } from './policy-decision.js';
import type { AlertRule } from './alert-rules.js';
import type { LimitsRule, Policy } from './policy-schema.js';
import { ruleFor } from './rule-for.js';
import { whereNamed } from './policy-ids.js';
import { describeWho, isGroupId, joinOr, mention } from './slack-ids.js';

/** The rule name reported when CAPTUREBOT_POLICY is unset. */
export const NO_POLICY_LABEL = 'the four-eyes default (no policy file)';

/**
 * Decides a request against the policy; pure, so the caller fetches the
 * groups named by `groupIdsToResolve` first and passes what it got.
 *
 * - No policy: one approval from anyone but the requester (never wide open).
 * - The first rule whose namespace globs match decides alone; a request it
 *   refuses does not fall through to later rules. No match: the defaults.
 * - A requester is allowed when listed directly or in a listed group. A group
 *   whose members could not be fetched counts as "not known": the request is
 *   refused (try again), never let through.
 * - Limits are inclusive: `maxDuration: 60s` allows 60 s.
 * - With `approval: required`, a request nobody but the requester could
 *   approve is refused at once instead of waiting forever. Approver groups
 *   that did not resolve are checked later, when someone clicks.
 */
export function evaluateRequest(
  policy: Policy | undefined,
  request: PolicyRequest,
  membership: GroupMembership,
  unknownToSlack: UnknownToSlack = () => undefined,
): PolicyDecision {
  if (policy === undefined) return { kind: 'needs-approval', rule: NO_POLICY_LABEL, approvers: [] };
  const rule = ruleFor(policy, request.namespace, request.cluster);
  const refused = (reason: string): Extract<PolicyDecision, { kind: 'refused' }> => ({ kind: 'refused', rule: rule.label, reason });
  if (rule.kind === 'deny') {
    return refused(`Namespace ${request.namespace} is closed to captures by ${rule.label}: ${rule.reason}`);
  }
  const misnamed = (groups: readonly string[]): string | undefined => configurationError(policy, groups, unknownToSlack);
  const broken = brokenLimit(rule, request, membership, misnamed);
  if (broken !== undefined) {
    const within = withinLimits(rule, request);
    const fixable = brokenLimit(rule, { ...request, ...within }, membership, misnamed) === undefined;
    return fixable ? { ...refused(broken), within } : refused(broken);
  }
  if (rule.approval === 'none') return { kind: 'allowed', rule: rule.label, approval: 'none' };
  const stuck = noOtherApprover(rule, request, membership) ?? approversMisnamed(rule, misnamed);
  if (stuck !== undefined) return refused(stuck);
  return { kind: 'needs-approval', rule: rule.label, approvers: rule.approvers };
}

/** Slack's error for a group id it does not know (`no_such_subteam`), or undefined for a known group or a passing failure. */
export type UnknownToSlack = (groupId: string) => string | undefined;

/**
 * A group id Slack does not know is a mistake in the policy, not a passing
 * fault: say so, with the id and the policy line, instead of "try again".
 */
function configurationError(policy: Policy, groups: readonly string[], unknownToSlack: UnknownToSlack): string | undefined {
  const wrong = groups.flatMap((group) => {
    const error = unknownToSlack(group);
    return error === undefined ? [] : [`${group} (${whereNamed(policy.ids, group)}; Slack says ${error})`];
  });
  if (wrong.length === 0) return undefined;
  const subject = wrong.length === 1 ? `a user group Slack does not know: ${wrong.join('')}` : `user groups Slack does not know: ${wrong.join(', ')}`;
  return `Configuration error: the access policy names ${subject}. Ask whoever runs capturebot to correct the id in the policy; trying again will not help.`;
}

/** With approval required and only groups Slack does not know as approvers, nobody could ever approve. */
function approversMisnamed(rule: LimitsRule, misnamed: (groups: readonly string[]) => string | undefined): string | undefined {
  if (rule.approval !== 'required' || rule.approvers.length === 0 || !rule.approvers.every(isGroupId)) return undefined;
  // Only when every approver group is unknown: one real group is enough to approve.
  if (!rule.approvers.every((group) => misnamed([group]) !== undefined)) return undefined;
  return misnamed(rule.approvers);
}

type Misnamed = (groups: readonly string[]) => string | undefined;

/** Why `rule` does not let this requester ask in this channel, or undefined when it does. */
export function notAskable(
  rule: LimitsRule,
  request: Pick<PolicyRequest, 'namespace' | 'channel' | 'requester'>,
  membership: GroupMembership,
  misnamed: Misnamed = () => undefined,
): string | undefined {
  const where = `namespace ${request.namespace} under ${rule.label}`;
  if (rule.channels !== undefined && !rule.channels.includes(request.channel)) {
    return `Captures in ${where} can only be requested in ${joinOr(rule.channels.map(mention))}.`;
  }
  if (rule.requesters !== undefined) {
    const found = findUser(rule.requesters, request.requester, membership);
    if (found.kind === 'not-listed') {
      return `You can't request captures in ${where}: only ${describeWho(rule.requesters)} may.`;
    }
    if (found.kind === 'unknown') {
      const wrong = misnamed(found.groups);
      if (wrong !== undefined) return wrong;
      return (
        `Couldn't check with Slack whether you are in ${joinOr(found.groups.map(mention))}, ` +
        `which captures in ${where} need; try again in a minute.`
      );
    }
  }
  return undefined;
}

function brokenLimit(rule: LimitsRule, request: PolicyRequest, membership: GroupMembership, misnamed: Misnamed): string | undefined {
  return notAskable(rule, request, membership, misnamed) ?? brokenSizeLimit(rule, request);
}

/** The limits that hold whoever asks: duration, snaplen, driver. */
function brokenSizeLimit(rule: LimitsRule, request: Omit<PolicyRequest, 'channel' | 'requester'>): string | undefined {
  const where = `namespace ${request.namespace} under ${rule.label}`;
  if (rule.maxDuration !== undefined && request.durationSeconds > rule.maxDuration.seconds) {
    return `${rule.maxDuration.written} is the most for ${where}; you asked for ${formatDuration(request.durationSeconds)}.`;
  }
  if (rule.maxSnaplen !== undefined && request.snaplen > rule.maxSnaplen) {
    return `A snaplen of ${rule.maxSnaplen} bytes is the most for ${where}; you asked for ${request.snaplen}.`;
  }
  if (!rule.drivers.includes(request.driver)) {
    return `Driver ${request.driver} is not allowed for ${where}; use ${joinOr(rule.drivers)}.`;
  }
  return undefined;
}

/** The request's duration, snaplen and driver moved inside the rule's limits. */
function withinLimits(rule: LimitsRule, request: PolicyRequest): Pick<PolicyRequest, 'durationSeconds' | 'snaplen' | 'driver'> {
  return {
    durationSeconds: Math.min(request.durationSeconds, rule.maxDuration?.seconds ?? Infinity),
    snaplen: Math.min(request.snaplen, rule.maxSnaplen ?? Infinity),
    driver: rule.drivers.includes(request.driver) ? request.driver : (rule.drivers[0] ?? request.driver),
  };
}

function noOtherApprover(rule: LimitsRule, request: PolicyRequest, membership: GroupMembership): string | undefined {
  if (rule.approvers.length === 0) return undefined;
  const eligible = expandUsers(rule.approvers, membership);
  if (eligible === undefined) return undefined;
  const others = [...eligible].filter((user) => user !== request.requester);
  if (others.length > 0) return undefined;
  const where = `namespace ${request.namespace} under ${rule.label}`;
  if (eligible.has(request.requester)) {
    return `Only you may approve captures in ${where}, and nobody approves their own request: ask another approver to request it.`;
  }
  // Only groups are left here, and every one of them is empty.
  const groups = rule.approvers.map(mention);
  const subject = groups.length === 1 ? `the approver group ${groups.join('')} has` : `the approver groups ${groups.join(', ')} have`;
  return `Nobody can approve captures in ${where}: ${subject} no members. Ask an admin to fix the policy.`;
}

/**
 * The user groups `evaluateRequest` will look up for this request: the
 * matching rule's requester groups and, when it needs approval, its approver groups.
 */
export function groupIdsToResolve(policy: Policy | undefined, request: Pick<PolicyRequest, 'namespace' | 'cluster'>): readonly string[] {
  if (policy === undefined) return [];
  const rule = ruleFor(policy, request.namespace, request.cluster);
  if (rule.kind === 'deny') return [];
  const ids = [...(rule.requesters ?? []), ...(rule.approval === 'required' ? rule.approvers : [])];
  return [...new Set(ids.filter(isGroupId))];
}

/**
 * Decides a capture an alert rule asks for. The namespace's rule still
 * decides what may be captured (deny, maxDuration, maxSnaplen, drivers): an
 * alert cannot do what a person could not. Who may ask is the policy author's
 * choice in writing the alert rule, so the rule's requesters and channels do
 * not apply; whether it needs an approval, and whose, is the alert rule's.
 */
export function evaluateAlertRequest(
  policy: Policy,
  alert: Pick<AlertRule, 'name' | 'approval' | 'approvers'>,
  request: Omit<PolicyRequest, 'channel' | 'requester'>,
): PolicyDecision {
  const rule = ruleFor(policy, request.namespace, request.cluster);
  const label = `alert rule "${alert.name}" under ${rule.label}`;
  if (rule.kind === 'deny') {
    return { kind: 'refused', rule: label, reason: `Namespace ${request.namespace} is closed to captures by ${rule.label}: ${rule.reason}` };
  }
  const broken = brokenSizeLimit(rule, request);
  if (broken !== undefined) return { kind: 'refused', rule: label, reason: broken };
  if (alert.approval === 'none') return { kind: 'allowed', rule: label, approval: 'none' };
  return { kind: 'needs-approval', rule: label, approvers: alert.approvers ?? [] };
}
