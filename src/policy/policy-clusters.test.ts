import { describe, expect, it } from 'vitest';
import { evaluateAlertRequest, evaluateRequest } from './evaluate.js';
import { parsePolicy } from './parse-policy.js';
import type { PolicyRequest } from './policy-decision.js';
import { channelDefaults } from './rule-for.js';

const POLICY = `
defaults:
  approval: none
channels:
  C0INCIDENT:
    cluster: prod-eu
    namespace: ticket-generator
  C0STAGING:
    cluster: staging
rules:
  - namespaces: ["kube-system"]
    clusters: ["prod-*"]
    deny: "kube-system is not captured in prod"
  - name: prod needs approval
    namespaces: ["*"]
    clusters: ["prod-*"]
    approval: required
alerts:
  - name: balancer-502
    match: { alertname: Balancer502 }
    channel: C0INCIDENT
    cluster: prod-eu
`;

const policy = parsePolicy(POLICY, 'policy.yaml');
const request = (namespace: string, cluster?: string): PolicyRequest => ({
  namespace,
  ...(cluster && { cluster }),
  channel: 'C0ANY',
  requester: 'U0ME',
  durationSeconds: 30,
  snaplen: 80,
  driver: 'modern-bpf',
});
const nobody = () => [];

describe('rules for some clusters only', () => {
  it('let prod need approval while staging (and the default cluster) does not', () => {
    expect(evaluateRequest(policy, request('shop', 'prod-eu'), nobody)).toMatchObject({ kind: 'needs-approval', rule: 'rule "prod needs approval"' });
    expect(evaluateRequest(policy, request('shop', 'staging'), nobody)).toMatchObject({ kind: 'allowed' });
    expect(evaluateRequest(policy, request('shop'), nobody)).toMatchObject({ kind: 'allowed' });
  });

  it('deny kube-system in prod only', () => {
    expect(evaluateRequest(policy, request('kube-system', 'prod-us'), nobody)).toMatchObject({ kind: 'refused', reason: expect.stringContaining('kube-system is not captured in prod') });
    expect(evaluateRequest(policy, request('kube-system', 'staging'), nobody)).toMatchObject({ kind: 'allowed' });
  });

  it('hold for alert captures too', () => {
    const alert = policy.alerts[0]!;
    expect(alert.cluster).toBe('prod-eu');
    expect(evaluateAlertRequest(policy, { ...alert, approval: 'none' }, { ...request('kube-system', 'prod-eu') })).toMatchObject({ kind: 'refused' });
  });
});

describe("a channel's defaults", () => {
  it('give the cluster and namespace of commands from that channel', () => {
    expect(channelDefaults(policy, 'C0INCIDENT')).toEqual({ cluster: 'prod-eu', namespace: 'ticket-generator' });
    expect(channelDefaults(policy, 'C0STAGING')).toEqual({ cluster: 'staging' });
    expect(channelDefaults(policy, 'C0OTHER')).toEqual({});
    expect(channelDefaults(undefined, 'C0INCIDENT')).toEqual({});
  });
});

describe('mistakes in channels: and clusters:', () => {
  const failure = (yaml: string) => {
    try {
      parsePolicy(yaml, 'policy.yaml');
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('parsed');
  };

  it('name the file and line', () => {
    expect(failure('channels:\n  C0INCIDENT:\n    cluster: Prod_EU\n')).toBe(
      'policy.yaml:3:14: channels.C0INCIDENT.cluster: "Prod_EU" is not a cluster name: lowercase letters, digits and "-", at most 63 (a worker\'s CLUSTER_NAME)',
    );
    expect(failure('channels:\n  C0INCIDENT:\n    clusters: prod-eu\n')).toMatch(/^policy\.yaml:3:5: channels\.C0INCIDENT\.clusters: unknown key "clusters" \(allowed here: cluster, namespace\)/);
    expect(failure('channels:\n  incident:\n    cluster: prod-eu\n')).toMatch(/^policy\.yaml:3:5: channels\.incident: "incident" is not a Slack channel id/);
    expect(failure('channels:\n  C0INCIDENT: {}\n')).toMatch(/^policy\.yaml:2:15: channels\.C0INCIDENT: must set cluster:, namespace: or both/);
    expect(failure('rules:\n  - namespaces: [shop]\n    clusters: [Prod]\n')).toMatch(/^policy\.yaml:3:16: rules\[0\]\.clusters\[0\]: "Prod" is not a cluster glob/);
    expect(failure('alerts:\n  - name: a\n    match: { alertname: X }\n    channel: C0A\n    cluster: "prod eu"\n')).toMatch(/^policy\.yaml:5:14: alerts\[0\]\.cluster: "prod eu" is not a cluster name/);
  });
});
