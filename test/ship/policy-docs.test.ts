import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRequest, parsePolicy, type GroupMembership, type PolicyRequest } from '../../src/policy/index.js';
import { REPO_ROOT } from '../support/repo-root.js';

const doc = readFileSync(join(REPO_ROOT, 'docs/policy.md'), 'utf8');
const yamlBlocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
const groups: Record<string, string[]> = { S0SRE: ['U0ALICE'], S0ONCALL: ['U0BOB'] };
const membership: GroupMembership = (id) => groups[id];

const request = (change: Partial<PolicyRequest>): PolicyRequest => ({
  namespace: 'ticket-generator',
  channel: 'C0INCIDENT',
  requester: 'U0ALICE',
  durationSeconds: 30,
  snaplen: 80,
  driver: 'modern-bpf',
  ...change,
});

describe('docs/policy.md', () => {
  it('shows policies the bot accepts', () => {
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(2);
    for (const [index, yaml] of yamlBlocks.entries()) expect(() => parsePolicy(yaml, `docs/policy.md block ${index + 1}`)).not.toThrow();
  });

  it('tells what the worked example really does', () => {
    const policy = parsePolicy(yamlBlocks.at(-1)!, 'docs/policy.md');
    expect(evaluateRequest(policy, request({}), membership)).toEqual({ kind: 'needs-approval', rule: 'rule "incident"', approvers: ['S0ONCALL'] });
    const refusal = (change: Partial<PolicyRequest>) => {
      const decision = evaluateRequest(policy, request(change), membership);
      return decision.kind === 'refused' ? decision.reason : decision.kind;
    };
    expect(refusal({ durationSeconds: 90 })).toBe('60s is the most for namespace ticket-generator under rule "incident"; you asked for 1m30s.');
    expect(doc.replace(/\s+/g, ' ')).toContain(refusal({ durationSeconds: 90 }));
    expect(refusal({ requester: 'U0DAVE' })).toContain('You can\'t request captures in namespace ticket-generator under rule "incident": only members of');
    expect(refusal({ channel: 'C0RANDOM' })).toContain('Captures in namespace ticket-generator under rule "incident" can only be requested in');
    expect(refusal({ namespace: 'kube-system' })).toContain('captures of cluster internals are not allowed');
    expect(evaluateRequest(policy, request({ namespace: 'dev-alice', channel: 'C0RANDOM', durationSeconds: 120 }), membership).kind).toBe('allowed');
    expect(evaluateRequest(policy, request({ namespace: 'shop', channel: 'C0RANDOM' }), membership)).toMatchObject({ kind: 'needs-approval', approvers: [] });
  });
});
