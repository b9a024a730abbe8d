import { describe, expect, it } from 'vitest';
import { canGetFreshLink, freshLinkGroupIds } from './fresh-link-check.js';
import type { GroupMembership } from './policy-decision.js';
import { parsePolicy } from './parse-policy.js';

const known: GroupMembership = (id) => ({ S0SRE: ['U0SRE'] })[id];
const unknown: GroupMembership = () => undefined;

const POLICY = parsePolicy(
  [
    'rules:',
    '  - namespaces: ["payments"]',
    '    channels: ["C0PAY"]',
    '    requesters: ["S0SRE", "U0LEAD"]',
    '  - namespaces: ["kube-system"]',
    '    deny: "not here"',
  ].join('\n'),
  'policy.yaml',
);

const ask = (user: string, namespace = 'payments', channel = 'C0PAY') => ({ user, namespace, channel });

describe('canGetFreshLink', () => {
  it.each([
    ['anyone, without a policy file', undefined, ask('U0ANY')],
    ['a listed requester', POLICY, ask('U0LEAD')],
    ['a member of a requester group', POLICY, ask('U0SRE')],
    ['anyone where the rule limits no requester', POLICY, ask('U0ANY', 'web', 'C0ANY')],
  ])('lets %s have one', (_who, policy, question) => {
    expect(canGetFreshLink(policy, question, known)).toEqual({ ok: true });
  });

  it('refuses a channel member who may not request captures in the namespace', () => {
    expect(canGetFreshLink(POLICY, ask('U0LATECOMER'), known)).toEqual({
      ok: false,
      reason: 'You can\'t request captures in namespace payments under rule 1 (namespaces payments): only members of <!subteam^S0SRE> or <@U0LEAD> may.',
    });
  });

  it('refuses links to a namespace a deny rule now closes', () => {
    expect(canGetFreshLink(POLICY, ask('U0LEAD', 'kube-system'), known)).toMatchObject({ ok: false, reason: expect.stringContaining('closed to captures') });
  });

  it('refuses where the capture’s channel no longer may ask for the namespace', () => {
    expect(canGetFreshLink(POLICY, ask('U0LEAD', 'payments', 'C0OLD'), known)).toMatchObject({ ok: false, reason: expect.stringContaining('can only be requested in <#C0PAY>') });
  });

  it('refuses, and says to try again, when a requester group could not be fetched', () => {
    expect(canGetFreshLink(POLICY, ask('U0SRE'), unknown)).toMatchObject({ ok: false, reason: expect.stringContaining('try again in a minute') });
  });

  it('asks for the requester groups of the namespace only', () => {
    expect(freshLinkGroupIds(POLICY, 'payments')).toEqual(['S0SRE']);
    expect(freshLinkGroupIds(POLICY, 'kube-system')).toEqual([]);
    expect(freshLinkGroupIds(undefined, 'payments')).toEqual([]);
  });
});
