import { describe, expect, it } from 'vitest';
import { evaluateRequest, groupIdsToResolve, NO_POLICY_LABEL } from './evaluate.js';
import { parsePolicy } from './parse-policy.js';
import type { GroupMembership, PolicyDecision, PolicyRequest } from './policy-decision.js';
import type { Policy } from './policy-schema.js';

const MAIN = `
defaults:
  approval: required
  approvers: []
  maxDuration: 120s
  maxSnaplen: 1024
  drivers: [modern-bpf, ebpf, kmod]
rules:
  - namespaces: ["ticket-*", "payments"]
    channels: ["C0INCIDENT"]
    requesters: ["S0SRE", "U0123ABCD"]
    approvers: ["S0ONCALL"]
    approval: required
    maxDuration: 60s
  - namespaces: ["kube-system"]
    deny: "captures in kube-system are not allowed"
  - name: sandbox
    namespaces: ["sandbox-?", "dev-*-tmp"]
    approval: none
    maxSnaplen: 256
    drivers: [modern-bpf]
  - namespaces: ["payments", "team-*"]
    requesters: ["S0GONE", "U0LEAD"]
    approvers: ["U0LEAD"]
  - namespaces: ["mixed-*"]
    requesters: ["S0GONE", "S0SRE"]
    approvers: ["S0GONE"]
  - namespaces: ["shop-prod"]
    maxDuration: 10s
  - namespaces: ["*-prod"]
    channels: ["G0PRIVATE", "C0OPS"]
    maxDuration: 5m
  - namespaces: ["solo"]
    approvers: ["U0SOLO"]
  - namespaces: ["lonely"]
    approvers: ["S0EMPTY"]
  - namespaces: ["mine"]
    approvers: ["S0JUSTME"]
`;

const NARROW_DEFAULTS = `
defaults:
  approval: none
  approvers: ["S0ONCALL"]
  drivers: [modern-bpf, ebpf]
rules:
  - namespaces: ["audited"]
    approval: required
  - namespaces: ["kube-*"]
    deny: "ask the platform team"
  - namespaces: ["*"]
    maxDuration: 1m
`;

const RULES_ONLY = 'rules: []\n';

const policies: Record<string, Policy | undefined> = {
  none: undefined,
  main: parsePolicy(MAIN, 'main.yaml'),
  narrow: parsePolicy(NARROW_DEFAULTS, 'narrow.yaml'),
  rulesOnly: parsePolicy(RULES_ONLY, 'rules-only.yaml'),
};

const groups: Record<string, readonly string[]> = {
  S0SRE: ['U0SRE1', 'U0SRE2'],
  S0ONCALL: ['U0ONCALL1', 'U0SRE1'],
  S0EMPTY: [],
  S0JUSTME: ['U0ME'],
};
// S0GONE is missing on purpose: Slack did not answer for it.
const membership: GroupMembership = (group) => groups[group];

const base: PolicyRequest = {
  namespace: 'other',
  channel: 'C0INCIDENT',
  requester: 'U0123ABCD',
  durationSeconds: 30,
  snaplen: 80,
  driver: 'modern-bpf',
};

const RULE1 = 'rule 1 (namespaces ticket-*, payments)';
const DEFAULTS = 'the policy defaults';

interface Case {
  name: string;
  policy: keyof typeof policies;
  request: Partial<PolicyRequest>;
  expected: { kind: PolicyDecision['kind']; rule: string; approvers?: readonly string[]; says?: readonly string[] };
}

const cases: Case[] = [
  // no policy file: four eyes
  { name: 'no file: any request needs one approval from anyone else', policy: 'none', request: {}, expected: { kind: 'needs-approval', rule: NO_POLICY_LABEL, approvers: [] } },
  { name: 'no file: kube-system and a long capture still only need an approval', policy: 'none', request: { namespace: 'kube-system', durationSeconds: 3600, snaplen: 65535, driver: 'kmod' }, expected: { kind: 'needs-approval', rule: NO_POLICY_LABEL, approvers: [] } },
  { name: 'rules: [] alone behaves like the four-eyes default', policy: 'rulesOnly', request: { namespace: 'anything', durationSeconds: 3600, driver: 'kmod' }, expected: { kind: 'needs-approval', rule: DEFAULTS, approvers: [] } },

  // globs
  { name: 'ticket-42 matches ticket-*', policy: 'main', request: { namespace: 'ticket-42' }, expected: { kind: 'needs-approval', rule: RULE1, approvers: ['S0ONCALL'] } },
  { name: '* matches an empty rest: ticket- matches ticket-*', policy: 'main', request: { namespace: 'ticket-' }, expected: { kind: 'needs-approval', rule: RULE1, approvers: ['S0ONCALL'] } },
  { name: 'ticket does not match ticket-*', policy: 'main', request: { namespace: 'ticket' }, expected: { kind: 'needs-approval', rule: DEFAULTS, approvers: [] } },
  { name: 'globs are anchored: my-ticket-1 does not match ticket-*', policy: 'main', request: { namespace: 'my-ticket-1' }, expected: { kind: 'needs-approval', rule: DEFAULTS, approvers: [] } },
  { name: 'exact names match only themselves: payments2 is not payments', policy: 'main', request: { namespace: 'payments2' }, expected: { kind: 'needs-approval', rule: DEFAULTS, approvers: [] } },
  { name: '? matches one character: sandbox-a', policy: 'main', request: { namespace: 'sandbox-a' }, expected: { kind: 'allowed', rule: 'rule "sandbox"' } },
  { name: '? matches exactly one: sandbox-ab falls to the defaults', policy: 'main', request: { namespace: 'sandbox-ab' }, expected: { kind: 'needs-approval', rule: DEFAULTS, approvers: [] } },
  { name: '? does not match nothing: sandbox- falls to the defaults', policy: 'main', request: { namespace: 'sandbox-' }, expected: { kind: 'needs-approval', rule: DEFAULTS, approvers: [] } },
  { name: '* spans dashes: dev-a-b-tmp matches dev-*-tmp', policy: 'main', request: { namespace: 'dev-a-b-tmp' }, expected: { kind: 'allowed', rule: 'rule "sandbox"' } },
  { name: 'a leading *: web-prod matches *-prod', policy: 'main', request: { namespace: 'web-prod', channel: 'C0OPS' }, expected: { kind: 'needs-approval', rule: 'rule 7 (namespaces *-prod)', approvers: [] } },
  { name: 'a lone * matches every namespace', policy: 'narrow', request: { namespace: 'whatever', durationSeconds: 61 }, expected: { kind: 'refused', rule: 'rule 3 (namespaces *)', says: ['1m is the most for namespace whatever under rule 3 (namespaces *)'] } },

  // first match wins
  { name: 'payments is decided by rule 1 even though rule 4 also lists it', policy: 'main', request: { namespace: 'payments', requester: 'U0LEAD' }, expected: { kind: 'refused', rule: RULE1, says: ["You can't request captures in namespace payments"] } },
  { name: 'a refusal by the first match does not fall through to a later rule', policy: 'main', request: { namespace: 'payments', channel: 'C0OPS' }, expected: { kind: 'refused', rule: RULE1 } },
  { name: 'team-a reaches rule 4', policy: 'main', request: { namespace: 'team-a', requester: 'U0LEAD' }, expected: { kind: 'refused', rule: 'rule 4 (namespaces payments, team-*)', says: ['Only you may approve'] } },
  { name: 'a specific rule before a broad one wins: shop-prod keeps 10s', policy: 'main', request: { namespace: 'shop-prod', durationSeconds: 20 }, expected: { kind: 'refused', rule: 'rule 6 (namespaces shop-prod)', says: ['10s is the most for namespace shop-prod'] } },
  { name: 'the broad rule applies to the others: web-prod allows 5m', policy: 'main', request: { namespace: 'web-prod', channel: 'G0PRIVATE', durationSeconds: 300 }, expected: { kind: 'needs-approval', rule: 'rule 7 (namespaces *-prod)', approvers: [] } },
  { name: 'a deny before a catch-all wins', policy: 'narrow', request: { namespace: 'kube-public' }, expected: { kind: 'refused', rule: 'rule 2 (namespaces kube-*)', says: ['ask the platform team'] } },

  // channels
  { name: 'a rule with channels refuses other channels', policy: 'main', request: { namespace: 'ticket-1', channel: 'C0RANDOM' }, expected: { kind: 'refused', rule: RULE1, says: ['Captures in namespace ticket-1 under rule 1 (namespaces ticket-*, payments) can only be requested in <#C0INCIDENT>.'] } },
  { name: 'a private channel listed in channels is accepted', policy: 'main', request: { namespace: 'api-prod', channel: 'G0PRIVATE' }, expected: { kind: 'needs-approval', rule: 'rule 7 (namespaces *-prod)', approvers: [] } },
  { name: 'the refusal lists every allowed channel', policy: 'main', request: { namespace: 'api-prod', channel: 'C0INCIDENT' }, expected: { kind: 'refused', rule: 'rule 7 (namespaces *-prod)', says: ['<#G0PRIVATE> or <#C0OPS>'] } },
  { name: 'a rule without channels accepts any channel, a DM too', policy: 'main', request: { namespace: 'sandbox-b', channel: 'D0DIRECT' }, expected: { kind: 'allowed', rule: 'rule "sandbox"' } },

  // requesters and groups
  { name: 'a requester listed by user id may ask', policy: 'main', request: { namespace: 'ticket-1', requester: 'U0123ABCD' }, expected: { kind: 'needs-approval', rule: RULE1, approvers: ['S0ONCALL'] } },
  { name: 'a member of a listed group may ask', policy: 'main', request: { namespace: 'ticket-1', requester: 'U0SRE2' }, expected: { kind: 'needs-approval', rule: RULE1, approvers: ['S0ONCALL'] } },
  { name: 'anyone else is refused with who may ask', policy: 'main', request: { namespace: 'ticket-1', requester: 'U0RANDOM' }, expected: { kind: 'refused', rule: RULE1, says: ["You can't request captures in namespace ticket-1 under rule 1 (namespaces ticket-*, payments): only members of <!subteam^S0SRE> or <@U0123ABCD> may."] } },
  { name: 'a group that did not resolve refuses rather than lets through', policy: 'main', request: { namespace: 'team-x', requester: 'U0RANDOM' }, expected: { kind: 'refused', rule: 'rule 4 (namespaces payments, team-*)', says: ["Couldn't check with Slack whether you are in <!subteam^S0GONE>", 'try again'] } },
  { name: 'a requester listed directly does not need the unresolved group', policy: 'main', request: { namespace: 'mixed-1', requester: 'U0SRE1' }, expected: { kind: 'needs-approval', rule: 'rule 5 (namespaces mixed-*)', approvers: ['S0GONE'] } },
  { name: 'membership of a resolved group is enough when another group did not resolve', policy: 'main', request: { namespace: 'mixed-2', requester: 'U0SRE2' }, expected: { kind: 'needs-approval', rule: 'rule 5 (namespaces mixed-*)', approvers: ['S0GONE'] } },
  { name: 'a rule without requesters lets anyone ask', policy: 'main', request: { namespace: 'shop-prod', requester: 'U0ANYONE', durationSeconds: 10 }, expected: { kind: 'needs-approval', rule: 'rule 6 (namespaces shop-prod)', approvers: [] } },

  // limits
  { name: 'the duration limit is inclusive: 60s is allowed under 60s', policy: 'main', request: { namespace: 'payments', durationSeconds: 60 }, expected: { kind: 'needs-approval', rule: RULE1, approvers: ['S0ONCALL'] } },
  { name: 'one second over the rule limit is refused, naming the limit', policy: 'main', request: { namespace: 'payments', durationSeconds: 61 }, expected: { kind: 'refused', rule: RULE1, says: ['60s is the most for namespace payments under rule 1 (namespaces ticket-*, payments); you asked for 1m1s.'] } },
  { name: 'the defaults limit applies where no rule matches', policy: 'main', request: { durationSeconds: 121 }, expected: { kind: 'refused', rule: DEFAULTS, says: ['120s is the most for namespace other under the policy defaults'] } },
  { name: 'a rule inherits maxSnaplen from the defaults', policy: 'main', request: { namespace: 'ticket-1', snaplen: 2048 }, expected: { kind: 'refused', rule: RULE1, says: ['A snaplen of 1024 bytes is the most for namespace ticket-1', 'you asked for 2048'] } },
  { name: "a rule's own maxSnaplen replaces the default", policy: 'main', request: { namespace: 'sandbox-c', snaplen: 257 }, expected: { kind: 'refused', rule: 'rule "sandbox"', says: ['A snaplen of 256 bytes is the most'] } },
  { name: 'the snaplen limit is inclusive', policy: 'main', request: { namespace: 'sandbox-c', snaplen: 256 }, expected: { kind: 'allowed', rule: 'rule "sandbox"' } },
  { name: 'a driver the rule does not list is refused, naming the ones it does', policy: 'main', request: { namespace: 'sandbox-c', driver: 'kmod' }, expected: { kind: 'refused', rule: 'rule "sandbox"', says: ['Driver kmod is not allowed for namespace sandbox-c', 'use modern-bpf.'] } },
  { name: 'a listed driver is accepted', policy: 'main', request: { driver: 'ebpf' }, expected: { kind: 'needs-approval', rule: DEFAULTS, approvers: [] } },
  { name: 'a rule inherits the drivers of the defaults', policy: 'narrow', request: { namespace: 'audited', driver: 'kmod' }, expected: { kind: 'refused', rule: 'rule 1 (namespaces audited)', says: ['use modern-bpf or ebpf.'] } },
  { name: 'the first limit broken is the one reported: channel before duration', policy: 'main', request: { namespace: 'payments', channel: 'C0OPS', durationSeconds: 600 }, expected: { kind: 'refused', rule: RULE1, says: ['can only be requested in <#C0INCIDENT>'] } },

  // deny rules
  { name: 'a deny rule refuses with its reason and names the rule', policy: 'main', request: { namespace: 'kube-system' }, expected: { kind: 'refused', rule: 'rule 2 (namespaces kube-system)', says: ['Namespace kube-system is closed to captures by rule 2 (namespaces kube-system): captures in kube-system are not allowed'] } },
  { name: 'a deny rule refuses even a listed requester in the right channel', policy: 'main', request: { namespace: 'kube-system', requester: 'U0SRE1', durationSeconds: 1 }, expected: { kind: 'refused', rule: 'rule 2 (namespaces kube-system)' } },

  // defaults and approval
  { name: 'defaults with approval: none allow unmatched namespaces at once', policy: 'narrow', request: { namespace: 'ns' }, expected: { kind: 'allowed', rule: 'rule 3 (namespaces *)' } },
  { name: 'a rule requiring approval inherits the default approvers', policy: 'narrow', request: { namespace: 'audited' }, expected: { kind: 'needs-approval', rule: 'rule 1 (namespaces audited)', approvers: ['S0ONCALL'] } },
  { name: 'a rule with approval: none overrides required in the defaults', policy: 'main', request: { namespace: 'sandbox-z', requester: 'U0ANYONE' }, expected: { kind: 'allowed', rule: 'rule "sandbox"' } },
  { name: 'approvers stay as written, groups and users', policy: 'main', request: { namespace: 'solo', requester: 'U0OTHER' }, expected: { kind: 'needs-approval', rule: 'rule 8 (namespaces solo)', approvers: ['U0SOLO'] } },
  { name: 'the only approver asking is refused: nobody approves their own', policy: 'main', request: { namespace: 'solo', requester: 'U0SOLO' }, expected: { kind: 'refused', rule: 'rule 8 (namespaces solo)', says: ['Only you may approve captures in namespace solo'] } },
  { name: 'the only member of the approver group asking is refused', policy: 'main', request: { namespace: 'mine', requester: 'U0ME' }, expected: { kind: 'refused', rule: 'rule 10 (namespaces mine)', says: ['Only you may approve'] } },
  { name: 'an empty approver group is refused as unapprovable', policy: 'main', request: { namespace: 'lonely' }, expected: { kind: 'refused', rule: 'rule 9 (namespaces lonely)', says: ['the approver group <!subteam^S0EMPTY> has no members'] } },
  { name: 'an approver group that did not resolve is left to the approval click', policy: 'main', request: { namespace: 'mixed-3', requester: 'U0SRE1' }, expected: { kind: 'needs-approval', rule: 'rule 5 (namespaces mixed-*)', approvers: ['S0GONE'] } },
];

describe('evaluateRequest', () => {
  it.each(cases)('$name', ({ policy, request, expected }) => {
    const decision = evaluateRequest(policies[policy], { ...base, ...request }, membership);
    expect(decision.kind).toBe(expected.kind);
    expect(decision.rule).toBe(expected.rule);
    if (decision.kind === 'needs-approval') expect(decision.approvers).toEqual(expected.approvers);
    if (decision.kind === 'allowed') expect(decision.approval).toBe('none');
    for (const text of expected.says ?? []) {
      expect(decision.kind === 'refused' ? decision.reason : '').toContain(text);
    }
  });

  it('reads the example of the spec as written: 60s is the most for namespace payments', () => {
    const decision = evaluateRequest(policies.main, { ...base, namespace: 'payments', durationSeconds: 120 }, membership);
    expect(decision).toEqual({
      kind: 'refused',
      rule: RULE1,
      reason: '60s is the most for namespace payments under rule 1 (namespaces ticket-*, payments); you asked for 2m.',
      within: { durationSeconds: 60, snaplen: base.snaplen, driver: base.driver },
    });
  });

  it('offers no request within limits when the rule refuses the requester or channel, whatever the duration', () => {
    const decision = evaluateRequest(policies.main, { ...base, namespace: 'payments', durationSeconds: 120, requester: 'U0STRANGER' }, membership);
    expect(decision).toMatchObject({ kind: 'refused' });
    expect(decision).not.toHaveProperty('within');
  });
});

describe('evaluateRequest with a group id Slack does not know', () => {
  const unknownToSlack = (group: string) => (group === 'S0GONE' ? 'no_such_subteam' : undefined);

  it('calls a requester group Slack does not know a configuration error, naming the id and its policy line', () => {
    const decision = evaluateRequest(policies.main, { ...base, namespace: 'team-x', requester: 'U0RANDOM' }, membership, unknownToSlack);
    expect(decision).toMatchObject({ kind: 'refused' });
    const reason = decision.kind === 'refused' ? decision.reason : '';
    expect(reason).toContain('Configuration error: the access policy names a user group Slack does not know: S0GONE (lines 23 (rules[3].requesters), 26 (rules[4].requesters), 27 (rules[4].approvers) of main.yaml; Slack says no_such_subteam).');
    expect(reason).not.toContain('try again in a minute');
  });

  it('refuses at once when every approver group is unknown to Slack, and not when a listed requester needs no group', () => {
    const decision = evaluateRequest(policies.main, { ...base, namespace: 'mixed-3', requester: 'U0SRE1' }, membership, unknownToSlack);
    expect(decision).toMatchObject({ kind: 'refused', reason: expect.stringContaining('27 (rules[4].approvers) of main.yaml') });
  });

  it('still says "try again" for a group that only failed to load', () => {
    const decision = evaluateRequest(policies.main, { ...base, namespace: 'team-x', requester: 'U0RANDOM' }, membership, () => undefined);
    expect(decision.kind === 'refused' ? decision.reason : '').toContain('try again in a minute');
  });
});

describe('groupIdsToResolve', () => {
  it('names nothing without a policy file', () => {
    expect(groupIdsToResolve(undefined, base)).toEqual([]);
  });

  it("names the matching rule's requester and approver groups, not its users", () => {
    expect(groupIdsToResolve(policies.main, { namespace: 'ticket-9' })).toEqual(['S0SRE', 'S0ONCALL']);
  });

  it('names each group once', () => {
    expect(groupIdsToResolve(policies.main, { namespace: 'mixed-1' })).toEqual(['S0GONE', 'S0SRE']);
  });

  it('names nothing for a deny rule', () => {
    expect(groupIdsToResolve(policies.main, { namespace: 'kube-system' })).toEqual([]);
  });

  it('skips approver groups when no approval is needed', () => {
    expect(groupIdsToResolve(policies.narrow, { namespace: 'ns' })).toEqual([]);
    expect(groupIdsToResolve(policies.narrow, { namespace: 'audited' })).toEqual(['S0ONCALL']);
  });

  it('covers every group the evaluation looks up', () => {
    for (const namespace of ['ticket-1', 'payments', 'team-a', 'mixed-1', 'mine', 'lonely', 'other']) {
      const asked = new Set<string>();
      const named = new Set(groupIdsToResolve(policies.main, { namespace }));
      evaluateRequest(policies.main, { ...base, namespace, requester: 'U0NOBODY' }, (group) => {
        asked.add(group);
        return membership(group);
      });
      for (const group of asked) expect(named).toContain(group);
    }
  });
});
