import { describe, expect, it } from 'vitest';
import { canCancel, cancelGroupIds } from './cancel-check.js';
import type { GroupMembership } from './policy-decision.js';
import { parsePolicy } from './parse-policy.js';

const GROUPS: Record<string, readonly string[]> = { S0ONCALL: ['U0ONCALL'] };
const known: GroupMembership = (id) => GROUPS[id];
const unknown: GroupMembership = () => undefined;

const POLICY = parsePolicy(
  [
    'defaults:',
    '  approval: required',
    '  approvers: []',
    'rules:',
    '  - namespaces: ["payments"]',
    '    approvers: ["S0ONCALL", "U0LEAD"]',
    '  - namespaces: ["batch-*"]',
    '    approval: none',
    '  - namespaces: ["kube-system"]',
    '    deny: "no"',
  ].join('\n'),
  'policy.yaml',
);

const capture = (namespace: string, approvedBy?: string) => ({ captureId: '01JDQ3V8X6M2T9R4K7C5N1B0FZ', namespace, requestedBy: 'U0REQ', approvedBy });

describe('canCancel', () => {
  it.each([
    ['the requester, with no policy file', undefined, capture('payments'), 'U0REQ', known],
    ['anyone, with no policy file (anyone but the requester may approve)', undefined, capture('payments'), 'U0ANY', known],
    ['whoever approved it, even if no longer an approver', POLICY, capture('payments', 'U0FORMER'), 'U0FORMER', known],
    ['a listed approver', POLICY, capture('payments'), 'U0LEAD', known],
    ['a member of a listed approver group', POLICY, capture('payments'), 'U0ONCALL', known],
    ['anyone where approval is required and nobody is listed', POLICY, capture('web'), 'U0ANY', known],
    ['the requester where no approval is needed', POLICY, capture('batch-nightly'), 'U0REQ', known],
  ])('lets %s cancel', (_who, policy, target, user, membership) => {
    expect(canCancel(policy, target, user, membership)).toEqual({ ok: true });
  });

  it('refuses a bystander and names who may cancel', () => {
    expect(canCancel(POLICY, capture('payments', 'U0APPROVER'), 'U0BYSTANDER', known)).toEqual({
      ok: false,
      reason:
        'Only <@U0REQ> (who asked for it), <@U0APPROVER> (who approved it) or members of <!subteam^S0ONCALL> or <@U0LEAD> (approvers for namespace payments) may cancel capture `01JDQ3V8X6M2T9R4K7C5N1B0FZ`.',
    });
  });

  it('refuses anyone but the requester where the rule needs no approval and names no approvers', () => {
    expect(canCancel(POLICY, capture('batch-nightly'), 'U0ANY', known)).toEqual({
      ok: false,
      reason: 'Only <@U0REQ> (who asked for it) may cancel capture `01JDQ3V8X6M2T9R4K7C5N1B0FZ`.',
    });
  });

  it('refuses, and says to try again, when an approver group could not be fetched', () => {
    expect(canCancel(POLICY, capture('payments'), 'U0ONCALL', unknown)).toEqual({
      ok: false,
      reason: "Couldn't check with Slack whether you are in <!subteam^S0ONCALL>; try again in a minute.",
    });
  });

  it('asks for the approver groups of the capture’s namespace only', () => {
    expect(cancelGroupIds(POLICY, 'payments')).toEqual(['S0ONCALL']);
    expect(cancelGroupIds(POLICY, 'web')).toEqual([]);
    expect(cancelGroupIds(undefined, 'payments')).toEqual([]);
  });
});
