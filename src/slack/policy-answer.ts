import { DEFAULT_SNAPLEN, type CaptureLimits } from '../capture/capture-spec.js';
import { formatDuration } from '../capture/duration.js';
import { defaultDurationSeconds } from '../capture/option-values.js';
import { describeWho, evaluateRequest, mention, NO_POLICY_LABEL, ruleFor, type GroupMembership, type Policy, type UnknownToSlack } from '../policy/index.js';
import { code } from './mrkdwn.js';

export interface PolicyQuestion {
  readonly namespace: string;
  readonly channel: string;
  readonly requester: string;
}

function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** What a default request of this user here would get: the rule's verdict in one line. */
function verdictLine(policy: Policy | undefined, question: PolicyQuestion, limits: CaptureLimits, membership: GroupMembership, unknownToSlack: UnknownToSlack): string {
  const request = { ...question, durationSeconds: defaultDurationSeconds(limits), snaplen: DEFAULT_SNAPLEN, driver: limits.defaultDriver };
  const decision = evaluateRequest(policy, request, membership, unknownToSlack);
  switch (decision.kind) {
    case 'allowed':
      return ':white_check_mark: You: a capture starts at once, no approval needed.';
    case 'needs-approval':
      return `:hourglass_flowing_sand: You: a capture waits for one approval from ${decision.approvers.length === 0 ? 'anyone but you' : `${describeWho(decision.approvers)} (not you)`}.`;
    case 'refused':
      return `:no_entry: You: refused. ${decision.reason}`;
  }
}

/**
 * The answer to `/capture policy [-n NS]`: the rule that applies to this
 * namespace, channel and user, in a few lines. Pure: the caller fetches the
 * rule's groups first. The policy's words hold no user text; the namespace
 * was checked to be a Kubernetes name.
 */
export function policyAnswerText(
  policy: Policy | undefined,
  question: PolicyQuestion,
  limits: CaptureLimits,
  membership: GroupMembership,
  unknownToSlack: UnknownToSlack = () => undefined,
): string {
  const head = `:scroll: Captures in namespace ${code(question.namespace)}`;
  const verdict = verdictLine(policy, question, limits, membership, unknownToSlack);
  const botLimits = `duration ${formatDuration(limits.minDurationSeconds)} to ${formatDuration(limits.maxDurationSeconds)}, snaplen at most ${limits.maxSnaplen} bytes`;
  if (policy === undefined) {
    return [`${head}: ${NO_POLICY_LABEL}.`, 'Who may request: anyone, in any channel. Approval: one, from anyone but the requester.', `Limits: ${botLimits}; every driver.`, verdict].join('\n');
  }
  const rule = ruleFor(policy, question.namespace);
  if (rule.kind === 'deny') return [`${head}: ${rule.label} closes it to captures: ${rule.reason}`, verdict].join('\n');
  const channels = rule.channels === undefined ? 'in any channel' : `only in ${joinAnd(rule.channels.map(mention))} (${rule.channels.includes(question.channel) ? 'this one is listed' : 'not this one'})`;
  const requesters = rule.requesters === undefined ? 'anyone' : describeWho(rule.requesters);
  const approval =
    rule.approval === 'none' ? 'none' : rule.approvers.length === 0 ? 'one, from anyone but the requester' : `one, from ${describeWho(rule.approvers)}, never the requester`;
  const duration = rule.maxDuration === undefined ? `${formatDuration(limits.maxDurationSeconds)} (the bot's limit)` : rule.maxDuration.written;
  const snaplen = Math.min(rule.maxSnaplen ?? limits.maxSnaplen, limits.maxSnaplen);
  return [
    `${head}: ${rule.label}.`,
    `Who may request: ${requesters}, ${channels}. Approval: ${approval}.`,
    `Limits: duration at most ${duration}, snaplen at most ${snaplen} bytes; drivers ${joinAnd(rule.drivers)}.`,
    verdict,
  ].join('\n');
}
