import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApprovalStore } from '../src/queue/approval-store.js';
import type { PendingApproval } from '../src/queue/pending-approval.js';
import { REDIS_URL, dropPrefix, uniquePrefix } from './support/redis.js';

const T0 = Date.parse('2026-11-27T17:50:00.000Z');
const TTL = 15 * 60_000;

function request(captureId: string): PendingApproval {
  return {
    captureId,
    pod: 'ticket-balancer-5967c66fb4-qnzj6',
    namespace: 'payments',
    durationSeconds: 30,
    snaplen: 80,
    driver: 'modern-bpf',
    requestedBy: 'U0REQUEST',
    channel: 'C0INCIDENT',
    requestedAt: new Date(T0).toISOString(),
    command: 'ticket-balancer-5967c66fb4-qnzj6 -n payments 30s',
    rule: 'the policy defaults',
    approvers: [],
    expiresAt: new Date(T0 + TTL).toISOString(),
  };
}

let prefix: string;
let store: ApprovalStore;

beforeEach(async () => {
  prefix = uniquePrefix();
  store = new ApprovalStore(REDIS_URL, prefix);
  await store.whenReady();
});

afterEach(async () => {
  await store.close();
  await dropPrefix(prefix);
});

describe('counting pending approvals', () => {
  it('counts the requests still waiting, not the decided or the expired ones', async () => {
    expect(await store.pendingCount(T0)).toBe(0);
    await store.add(request('01JDQ3V8X6M2T9R4K7C5N1B0F1'), T0, TTL);
    await store.add(request('01JDQ3V8X6M2T9R4K7C5N1B0F2'), T0, TTL);
    await store.add(request('01JDQ3V8X6M2T9R4K7C5N1B0F3'), T0 + 60_000, TTL);
    expect(await store.pendingCount(T0 + 1)).toBe(3);

    await store.claim('01JDQ3V8X6M2T9R4K7C5N1B0F1', { kind: 'approved', by: 'U0ONCALL', at: new Date(T0 + 2).toISOString() }, T0 + 2);
    expect(await store.pendingCount(T0 + 3)).toBe(2);

    // Past the first two deadlines, before the sweep has run: only the later request is still waiting.
    expect(await store.pendingCount(T0 + TTL + 1)).toBe(1);
  });
});
