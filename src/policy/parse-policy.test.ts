import { describe, expect, it } from 'vitest';
import { parsePolicy } from './parse-policy.js';
import { PolicyFileError } from './policy-file-error.js';

const SPEC_EXAMPLE = `defaults:                 # apply where a rule does not say otherwise
  approval: required      # required | none
  approvers: []           # Slack user ids (U…) or user-group ids (S…)
  maxDuration: 120s
  maxSnaplen: 1024
  drivers: [modern-bpf, ebpf, kmod]
rules:                    # first rule whose namespaces match wins
  - namespaces: ["ticket-*", "payments"]   # globs on the target namespace
    channels: ["C0INCIDENT"]               # where it may be asked (omit: any)
    requesters: ["S0SRE", "U0123ABCD"]       # who may ask (omit: anyone)
    approvers: ["S0ONCALL"]
    approval: required
    maxDuration: 60s
  - namespaces: ["kube-system"]
    deny: "captures in kube-system are not allowed"
`;

function failure(yaml: string): PolicyFileError {
  try {
    parsePolicy(yaml, 'policy.yaml');
  } catch (error) {
    if (error instanceof PolicyFileError) return error;
    throw error;
  }
  throw new Error('expected the policy to be refused');
}

describe('parsePolicy', () => {
  it('reads the example from the spec, filling rules in from the defaults', () => {
    const policy = parsePolicy(SPEC_EXAMPLE, 'policy.yaml');
    expect(policy.defaults).toMatchObject({
      approval: 'required',
      approvers: [],
      maxDuration: { seconds: 120, written: '120s' },
      maxSnaplen: 1024,
      drivers: ['modern-bpf', 'ebpf', 'kmod'],
    });
    expect(policy.rules).toEqual([
      {
        kind: 'allow',
        label: 'rule 1 (namespaces ticket-*, payments)',
        namespaces: ['ticket-*', 'payments'],
        channels: ['C0INCIDENT'],
        requesters: ['S0SRE', 'U0123ABCD'],
        approvers: ['S0ONCALL'],
        approval: 'required',
        maxDuration: { seconds: 60, written: '60s' },
        maxSnaplen: 1024,
        drivers: ['modern-bpf', 'ebpf', 'kmod'],
        cancellers: [],
      },
      {
        kind: 'deny',
        label: 'rule 2 (namespaces kube-system)',
        namespaces: ['kube-system'],
        reason: 'captures in kube-system are not allowed',
      },
    ]);
  });

  it('labels a rule by its name when it has one', () => {
    const policy = parsePolicy('rules:\n  - name: incident tickets\n    namespaces: [ticket-*]\n', 'p.yaml');
    expect(policy.rules[0]?.label).toBe('rule "incident tickets"');
  });

  it('takes a bare number as seconds and W… ids of Enterprise Grid users', () => {
    const policy = parsePolicy('defaults:\n  maxDuration: 90\n  approvers: [W0GRID1]\n', 'p.yaml');
    expect(policy.defaults.maxDuration).toEqual({ seconds: 90, written: '90s' });
    expect(policy.defaults.approvers).toEqual(['W0GRID1']);
  });

  it('without defaults requires approval from anyone else, with every driver and no limits', () => {
    const policy = parsePolicy('rules: []\n', 'p.yaml');
    expect(policy.defaults).toMatchObject({ approval: 'required', approvers: [], drivers: ['modern-bpf', 'ebpf', 'kmod'] });
    expect(policy.defaults.maxDuration).toBeUndefined();
    expect(policy.defaults.maxSnaplen).toBeUndefined();
  });
});

describe('parsePolicy refuses a bad file with its line and the reason', () => {
  const cases: { name: string; yaml: string; message: string }[] = [
    {
      name: 'an unknown key in defaults, named, with the keys allowed there',
      yaml: 'defaults:\n  approval: none\n  maxDurration: 30s\n',
      message:
        'policy.yaml:3:3: defaults.maxDurration: unknown key "maxDurration" (allowed here: approval, approvers, maxDuration, maxSnaplen, drivers, cancellers)',
    },
    {
      name: 'an unknown key in a rule',
      yaml: 'rules:\n  - namespaces: [a]\n    channel: [C0ONE]\n',
      message: 'policy.yaml:3:5: rules[0].channel: unknown key "channel"',
    },
    {
      name: 'an unknown top-level key',
      yaml: 'defaults: {}\nrule:\n  - namespaces: [a]\n',
      message: 'policy.yaml:2:1: rule: unknown key "rule" (allowed here: defaults, rules, alerts, channels)',
    },
    {
      name: 'a bad duration',
      yaml: 'defaults:\n  approval: required\n  maxDuration: 2 minutes\n',
      message: 'policy.yaml:3:16: defaults.maxDuration: "2 minutes" is not a duration: write it like 30s, 2m or 1m30s',
    },
    {
      name: 'a zero duration',
      yaml: 'rules:\n  - namespaces: [a]\n    maxDuration: 0s\n',
      message: 'policy.yaml:3:18: rules[0].maxDuration: "0s" is not a duration',
    },
    {
      name: 'a user name where a Slack id belongs',
      yaml: 'rules:\n  - namespaces: [a]\n    requesters:\n      - U0123ABCD\n      - alice\n',
      message: 'policy.yaml:5:9: rules[0].requesters[1]: "alice" is not a Slack user id (U…, W…) or user-group id (S…)',
    },
    {
      name: 'a channel name where a channel id belongs',
      yaml: 'rules:\n  - namespaces: [a]\n    channels: ["#incidents"]\n',
      message: 'policy.yaml:3:16: rules[0].channels[0]: "#incidents" is not a Slack channel id (C… or G…)',
    },
    {
      name: 'deny together with approval',
      yaml: 'rules:\n  - namespaces: [kube-system]\n    deny: "no"\n    approval: none\n',
      message:
        'policy.yaml:4:15: rules[0].approval: a rule with deny refuses every request for its namespaces, so it takes no approval: remove approval or deny',
    },
    {
      name: 'deny together with a limit',
      yaml: 'rules:\n  - namespaces: [a]\n  - namespaces: [kube-system]\n    maxDuration: 10s\n    deny: "no"\n',
      message: 'policy.yaml:4:18: rules[1].maxDuration: a rule with deny refuses every request for its namespaces, so it takes no maxDuration',
    },
    {
      name: 'approval: none with approvers in the same rule',
      yaml: 'rules:\n  - namespaces: [a]\n    approval: none\n    approvers: [S0ONCALL]\n',
      message: 'policy.yaml:4:16: rules[0].approvers: approvers have no effect with approval: none',
    },
    {
      name: 'a canceller that is a channel, not a user or group',
      yaml: 'defaults:\n  cancellers: [S0SRE, C0INCIDENT]\n',
      message: 'policy.yaml:2:23: defaults.cancellers[1]: "C0INCIDENT" is not a Slack user id (U…, W…) or user-group id (S…)',
    },
    {
      name: 'deny together with cancellers',
      yaml: 'rules:\n  - namespaces: [kube-system]\n    deny: "no"\n    cancellers: [S0SRE]\n',
      message: 'policy.yaml:4:17: rules[0].cancellers: a rule with deny refuses every request for its namespaces, so it takes no cancellers',
    },
    {
      name: 'a YAML syntax error',
      yaml: 'defaults:\n  approval: required\nrules:\n  - namespaces: [a, b\n  - namespaces: [c]\n',
      message: 'policy.yaml:5:3: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]',
    },
    {
      name: 'a duplicate key',
      yaml: 'defaults:\n  maxSnaplen: 10\n  maxSnaplen: 20\n',
      message: 'policy.yaml:3:3: YAML syntax: Map keys must be unique',
    },
    {
      name: 'tabs as indentation',
      yaml: 'defaults:\n\tapproval: none\n',
      message: 'policy.yaml:2:1: YAML syntax: Tabs are not allowed as indentation',
    },
    {
      name: 'a rule without namespaces',
      yaml: 'rules:\n  - namespaces: [a]\n  - channels: [C0ONE]\n',
      message: 'policy.yaml:3:5: rules[1].namespaces: is missing: list the namespace globs here',
    },
    {
      name: 'an empty namespaces list',
      yaml: 'rules:\n  - namespaces: []\n',
      message: 'policy.yaml:2:17: rules[0].namespaces: must list at least one namespace glob',
    },
    {
      name: 'namespaces written as one string instead of a list',
      yaml: 'rules:\n  - namespaces: payments\n',
      message: 'policy.yaml:2:17: rules[0].namespaces: must be a list of namespace globs, like [a, b]',
    },
    {
      name: 'a glob with characters a namespace cannot have',
      yaml: 'rules:\n  - namespaces: ["Payments", "ticket-[0-9]"]\n',
      message: 'policy.yaml:2:18: rules[0].namespaces[0]: "Payments" is not a namespace glob',
    },
    {
      name: 'an unknown driver',
      yaml: 'defaults:\n  drivers: [modern-bpf, kprobe]\n',
      message: 'policy.yaml:2:25: defaults.drivers[1]: unknown driver "kprobe": use modern-bpf, ebpf, kmod',
    },
    {
      name: 'an unknown approval value',
      yaml: 'defaults:\n  approval: optional\n',
      message: 'policy.yaml:2:13: defaults.approval: approval must be required or none, not "optional"',
    },
    {
      name: 'a snaplen that is not a whole number',
      yaml: 'defaults:\n  maxSnaplen: 1.5\n',
      message: 'policy.yaml:2:15: defaults.maxSnaplen: must be a whole number of bytes',
    },
    {
      name: 'a list where the file needs a map',
      yaml: '- namespaces: [a]\n',
      message: 'policy.yaml:1:1: must be a map of settings',
    },
    {
      name: 'an empty file',
      yaml: '# nothing yet\n',
      message: 'policy.yaml: the policy file is empty',
    },
  ];

  it.each(cases)('$name', ({ yaml, message }) => {
    const error = failure(yaml);
    expect(error.message.startsWith(message), `${error.message}\n  should start with\n${message}`).toBe(true);
    expect(error.file).toBe('policy.yaml');
  });

  it('reports every problem in file order, the first one in the message', () => {
    const error = failure('defaults:\n  maxSnaplen: big\nrules:\n  - namespaces: [a]\n    approvers: [bob]\n    colour: red\n');
    expect(error.lines).toEqual([
      'policy.yaml:2:15: defaults.maxSnaplen: must be a number of bytes, like 256',
      'policy.yaml:5:17: rules[0].approvers[0]: "bob" is not a Slack user id (U…, W…) or user-group id (S…)',
      'policy.yaml:6:5: rules[0].colour: unknown key "colour" (allowed here: name, namespaces, clusters, channels, requesters, deny, approval, approvers, maxDuration, maxSnaplen, drivers, cancellers)',
    ]);
    expect(error.message).toBe(`${error.lines[0]} (and 2 more problems)`);
    expect(error.message).not.toContain('\n');
  });
});
