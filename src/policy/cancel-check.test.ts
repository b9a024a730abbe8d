import { describe, expect, it } from 'vitest';
import { canCancel, cancelGroupIds } from './cancel-check.js';
import type { GroupMembership } from './policy-decision.js';
import { parsePolicy } from './parse-policy.js';

const GROUPS: Record<string, readonly string[]> = { S0ONCALL: ['U0ONCALL'], S0SRE: ['U0SRE'] };
const known: GroupMembership = (id) => GROUPS[id];
const unknown: GroupMembership = () => undefined;

const POLICY = parsePolicy(
  [
    'defaults:',
    '  approval: required',
    '  approvers: []',
    '  cancellers: ["S0SRE"]',
    'rules:',
    '  - namespaces: ["payments"]',
    '    approvers: ["S0ONCALL", "U0LEAD"]',
    '  - namespaces: ["batch-*"]',
    '    approval: none',
    '    cancellers: ["U0BATCH"]',
    '  - namespaces: ["kube-system"]',
    '    deny: "no"',
  ].join('\n'),
  'policy.yaml',
);

const CHANNEL = 'C0INCIDENT';
const ID = '01JDQ3V8X6M2T9R4K7C5N1B0FZ';
const capture = (namespace: string, approvedBy?: string) => ({ captureId: ID, namespace, channel: CHANNEL, requestedBy: 'U0REQ', approvedBy });
const from = (user: string, channel = CHANNEL) => ({ user, channel });

describe('canCancel', () => {
  it.each([
    ['the requester, with no policy file', undefined, capture('payments'), 'U0REQ'],
    ['whoever approved it, with no policy file', undefined, capture('payments', 'U0APPROVER'), 'U0APPROVER'],
    ['whoever approved it, even if no longer an approver', POLICY, capture('payments', 'U0FORMER'), 'U0FORMER'],
    ['a listed approver', POLICY, capture('payments'), 'U0LEAD'],
    ['a member of a listed approver group', POLICY, capture('payments'), 'U0ONCALL'],
    ['a member of the default cancellers group', POLICY, capture('payments'), 'U0SRE'],
    ['a rule’s own canceller', POLICY, capture('batch-nightly'), 'U0BATCH'],
    ['the default cancellers, for a namespace a rule now denies', POLICY, capture('kube-system'), 'U0SRE'],
    ['the requester where no approval is needed', POLICY, capture('batch-nightly'), 'U0REQ'],
  ])('lets %s cancel from the capture’s channel', (_who, policy, target, user) => {
    expect(canCancel(policy, target, from(user), known)).toEqual({ ok: true });
  });

  it('refuses a stranger under the four-eyes default (no policy file), saying who may', () => {
    expect(canCancel(undefined, capture('payments'), from('U0STRANGER'), known)).toEqual({
      ok: false,
      reason: `Only <@U0REQ> (who asked for it) may cancel capture \`${ID}\`, and only in <#${CHANNEL}>.`,
    });
  });

  it('refuses anyone merely able to approve where the rule names no approvers', () => {
    expect(canCancel(POLICY, capture('web'), from('U0ANY'), known)).toEqual({
      ok: false,
      reason: `Only <@U0REQ> (who asked for it) or members of <!subteam^S0SRE> (cancellers for namespace web) may cancel capture \`${ID}\`, and only in <#${CHANNEL}>.`,
    });
  });

  it('refuses the requester themself from another channel', () => {
    expect(canCancel(POLICY, capture('web'), from('U0REQ', 'C0ELSEWHERE'), known)).toMatchObject({ ok: false, reason: expect.stringContaining(`and only in <#${CHANNEL}>`) });
  });

  it('refuses a bystander and names who may cancel', () => {
    expect(canCancel(POLICY, capture('payments', 'U0APPROVER'), from('U0BYSTANDER'), known)).toEqual({
      ok: false,
      reason:
        `Only <@U0REQ> (who asked for it), <@U0APPROVER> (who approved it), members of <!subteam^S0ONCALL> or <@U0LEAD> (approvers for namespace payments) ` +
        `or members of <!subteam^S0SRE> (cancellers for namespace payments) may cancel capture \`${ID}\`, and only in <#${CHANNEL}>.`,
    });
  });

  it('refuses, and says to try again, when a group could not be fetched', () => {
    expect(canCancel(POLICY, capture('payments'), from('U0ONCALL'), unknown)).toEqual({
      ok: false,
      reason: "Couldn't check with Slack whether you are in <!subteam^S0ONCALL> or <!subteam^S0SRE>; try again in a minute.",
    });
  });

  it('asks for the approver and canceller groups of the capture’s namespace only', () => {
    expect(cancelGroupIds(POLICY, 'payments')).toEqual(['S0ONCALL', 'S0SRE']);
    expect(cancelGroupIds(POLICY, 'batch-x')).toEqual([]);
    expect(cancelGroupIds(POLICY, 'web')).toEqual(['S0SRE']);
    expect(cancelGroupIds(undefined, 'payments')).toEqual([]);
  });
});
