import { describe, expect, it } from 'vitest';
import { evaluateAlertRequest, parsePolicy, PolicyFileError } from './index.js';

function problems(yaml: string): string {
  try {
    parsePolicy(yaml, 'policy.yaml');
  } catch (error) {
    if (error instanceof PolicyFileError) return error.message;
    throw error;
  }
  throw new Error('the policy was accepted');
}

describe('the alerts: block of the policy file', () => {
  it.each([
    ['alerts:\n  - name: Errors\n    match: { alertname: A }\n    channel: C0X\n', /policy.yaml:2:.*lowercase letters/s],
    ['alerts:\n  - name: errors\n    match: {}\n    channel: C0X\n', /policy.yaml:3:.*at least one label/s],
    ['alerts:\n  - name: errors\n    match: { alertname: A }\n    channel: general\n', /policy.yaml:4:.*not a Slack channel id/s],
    ['alerts:\n  - name: errors\n    match: { alertname: A }\n    channel: C0X\n    cooldown: soon\n', /policy.yaml:5:.*not a duration/s],
    ['alerts:\n  - name: errors\n    match: { alertname: A }\n    channel: C0X\n    approval: none\n    approvers: [U0ANN]\n', /policy.yaml:6:.*approvers have no effect/s],
    ['alerts:\n  - name: e\n    match: { alertname: A }\n    channel: C0X\n  - name: e\n    match: { alertname: B }\n    channel: C0Y\n', /policy.yaml:5:.*named twice/s],
    ['alerts:\n  - name: e\n    match: { alertname: A }\n    channel: C0X\n    colour: red\n', /policy.yaml:5:.*colour/s],
  ])('refuses %j with the line', (yaml, message) => {
    expect(problems(yaml)).toMatch(message);
  });
});

describe('what the policy allows an alert rule', () => {
  const policy = parsePolicy(
    `rules:
  - name: system
    namespaces: [kube-system]
    deny: never
  - name: web
    namespaces: [web]
    requesters: [U0SRE]
    channels: [C0WEB]
    approvers: [S0ONCALL]
    maxDuration: 1m
    drivers: [modern-bpf]
`,
    'policy.yaml',
  );
  const request = { namespace: 'web', durationSeconds: 30, snaplen: 80, driver: 'modern-bpf' as const };
  const rule = { name: 'errors', approval: 'none' as const, approvers: undefined };

  it("ignores the namespace rule's requesters and channels: the alert rule is the grant", () => {
    expect(evaluateAlertRequest(policy, rule, request)).toEqual({ kind: 'allowed', rule: 'alert rule "errors" under rule "web"', approval: 'none' });
  });

  it.each([
    [{ namespace: 'kube-system' }, /closed to captures by rule "system": never/],
    [{ durationSeconds: 90 }, /1m is the most for namespace web/],
    [{ driver: 'kmod' as const }, /Driver kmod is not allowed/],
  ])('keeps deny and limits: %o', (change, reason) => {
    const decision = evaluateAlertRequest(policy, rule, { ...request, ...change });
    expect(decision.kind).toBe('refused');
    expect(decision.kind === 'refused' && decision.reason).toMatch(reason);
  });

  it("needs the alert rule's approvers when it asks for approval, anyone when it names none", () => {
    expect(evaluateAlertRequest(policy, { ...rule, approval: 'required', approvers: ['S0SRE'] }, request)).toMatchObject({ kind: 'needs-approval', approvers: ['S0SRE'] });
    expect(evaluateAlertRequest(policy, { ...rule, approval: 'required' }, request)).toMatchObject({ kind: 'needs-approval', approvers: [] });
  });
});
