import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/index.js';
import { alertRuleFor, alertTarget } from './alert-capture.js';

const LIMITS = { minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' as const };
const policy = parsePolicy(
  `alerts:
  - name: errors
    match: { alertname: HighErrorRate, severity: page }
    channel: C0INCIDENT
  - name: tickets
    match: { alertname: "Ticket*", namespace: "ticket-?enerator" }
    channel: C0TICKETS
    duration: 1m
`,
  'policy.yaml',
);

describe('which alert rule an alert falls under', () => {
  it.each([
    [{ alertname: 'HighErrorRate', severity: 'page' }, 'errors'],
    [{ alertname: 'HighErrorRate', severity: 'page', extra: 'x' }, 'errors'],
    [{ alertname: 'HighErrorRate', severity: 'ticket' }, undefined],
    [{ alertname: 'HighErrorRate' }, undefined],
    [{ alertname: 'TicketQueueFull', namespace: 'ticket-generator' }, 'tickets'],
    [{ alertname: 'TicketQueueFull', namespace: 'ticket-generators' }, undefined],
    [{ alertname: 'highErrorRate', severity: 'page' }, undefined],
  ])('%o → %s', (labels, rule) => {
    expect(alertRuleFor(policy.alerts, { labels })?.name).toBe(rule);
  });

  it('fills in the defaults: 30s, approval required, cooldown 10m, 6 per hour', () => {
    expect(policy.alerts[0]).toMatchObject({ duration: { seconds: 30 }, approval: 'required', cooldown: { seconds: 600 }, maxPerHour: 6 });
  });
});

describe('what an alert asks to capture', () => {
  const rule = { duration: { seconds: 45, written: '45s' } };
  it('a pod label names that exact pod', () => {
    expect(alertTarget({ labels: { namespace: 'web', pod: 'web-0' } }, rule, LIMITS)).toEqual({
      kind: 'target',
      spec: { namespace: 'web', pod: 'web-0', exactPod: true, durationSeconds: 45, snaplen: 80, driver: 'modern-bpf' },
    });
  });

  it.each([
    ['deployment', 'deployment-web'],
    ['statefulset', 'statefulset-web'],
    ['daemonset', 'daemonset-web'],
  ])('a %s label names the workload', (kind, subject) => {
    const target = alertTarget({ labels: { namespace: 'web', [kind]: 'web' } }, rule, LIMITS);
    expect(target).toMatchObject({ kind: 'target', spec: { pod: subject, target: { kind, name: 'web' } } });
  });

  it.each([
    [{ pod: 'web-0' }, 'the alert has no namespace label'],
    [{ namespace: 'Web', pod: 'web-0' }, 'its namespace label "Web" is not a namespace name'],
    [{ namespace: 'web', pod: 'web 0; rm -rf /' }, 'is not a pod name'],
    [{ namespace: 'web', deployment: '../etc' }, 'is not a deployment name'],
    [{ namespace: 'web', service: 'web' }, 'names no pod, deployment, statefulset or daemonset label'],
  ])('%o starts nothing: %s', (labels, reason) => {
    const target = alertTarget({ labels }, rule, LIMITS);
    expect(target.kind).toBe('no-target');
    expect(target.kind === 'no-target' && target.reason).toContain(reason);
  });
});

describe('the cluster of an alert capture', () => {
  const rule = { duration: { seconds: 30, written: '30s' } };
  const labels = { namespace: 'shop', pod: 'web-1' };

  it("is the alert's cluster label, else the rule's cluster:, else unset (looked for in every live cluster)", () => {
    expect(alertTarget({ labels: { ...labels, cluster: 'prod-us' } }, { ...rule, cluster: 'prod-eu' }, LIMITS)).toMatchObject({ kind: 'target', spec: { cluster: 'prod-us' } });
    expect(alertTarget({ labels }, { ...rule, cluster: 'prod-eu' }, LIMITS)).toMatchObject({ kind: 'target', spec: { cluster: 'prod-eu' } });
    const unset = alertTarget({ labels }, rule, LIMITS);
    expect(unset.kind === 'target' && 'cluster' in unset.spec).toBe(false);
  });

  it('starts nothing for a cluster label that is not a cluster name', () => {
    expect(alertTarget({ labels: { ...labels, cluster: 'Prod EU' } }, rule, LIMITS)).toEqual({ kind: 'no-target', reason: 'its cluster label "Prod EU" is not a cluster name' });
  });
});
