import { describe, expect, it } from 'vitest';
import type { CaptureLimits } from '../capture/capture-spec.js';
import { parsePolicy } from '../policy/index.js';
import { policyAnswerText } from './policy-answer.js';

const LIMITS: CaptureLimits = { minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' };

const POLICY = parsePolicy(
  `defaults:
  approval: required
  approvers: [S0ONCALL]
rules:
  - name: incident
    namespaces: ["ticket-*"]
    channels: [C0INCIDENT]
    requesters: [S0SRE]
    approval: none
    maxDuration: 60s
    drivers: [modern-bpf]
  - namespaces: ["kube-system"]
    deny: "captures in kube-system are not allowed"
`,
  'policy.yaml',
);
const groups: Record<string, readonly string[]> = { S0SRE: ['U0SRE'], S0ONCALL: ['U0ONCALL'] };
const membership = (group: string) => groups[group];

describe('policyAnswerText', () => {
  it('shows the rule for this channel and user: who, where, approval, limits, drivers, and what the user gets', () => {
    const text = policyAnswerText(POLICY, { namespace: 'ticket-generator', channel: 'C0INCIDENT', requester: 'U0SRE' }, LIMITS, membership);
    expect(text.split('\n')).toEqual([
      ':scroll: Captures in namespace `ticket-generator`: rule "incident".',
      'Who may request: members of <!subteam^S0SRE>, only in <#C0INCIDENT> (this one is listed). Approval: none.',
      'Limits: duration at most 60s, snaplen at most 4096 bytes; drivers modern-bpf.',
      ':white_check_mark: You: a capture starts at once, no approval needed.',
    ]);
  });

  it('says why a user outside the rule is refused, and where the channel is not listed', () => {
    const text = policyAnswerText(POLICY, { namespace: 'ticket-generator', channel: 'C0RANDOM', requester: 'U0DEV' }, LIMITS, membership);
    expect(text).toContain('(not this one)');
    expect(text).toContain(':no_entry: You: refused. Captures in namespace ticket-generator under rule "incident" can only be requested in <#C0INCIDENT>.');
  });

  it('shows the defaults with their approvers where no rule matches', () => {
    const text = policyAnswerText(POLICY, { namespace: 'default', channel: 'C0RANDOM', requester: 'U0DEV' }, LIMITS, membership);
    expect(text).toContain('the policy defaults');
    expect(text).toContain('Approval: one, from members of <!subteam^S0ONCALL>, never the requester.');
    expect(text).toContain("duration at most 5m (the bot's limit)");
    expect(text).toContain(':hourglass_flowing_sand: You: a capture waits for one approval from members of <!subteam^S0ONCALL> (not you).');
  });

  it('shows a deny rule and its reason', () => {
    const text = policyAnswerText(POLICY, { namespace: 'kube-system', channel: 'C0INCIDENT', requester: 'U0SRE' }, LIMITS, membership);
    expect(text.split('\n')[0]).toBe(':scroll: Captures in namespace `kube-system`: rule 2 (namespaces kube-system) closes it to captures: captures in kube-system are not allowed');
  });

  it('describes the four-eyes default without a policy file, in four lines', () => {
    const text = policyAnswerText(undefined, { namespace: 'default', channel: 'C0X', requester: 'U0X' }, LIMITS, membership);
    expect(text.split('\n')).toHaveLength(4);
    expect(text).toContain('anyone but you');
  });
});
