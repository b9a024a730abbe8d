import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApprovalStore } from '../src/queue/approval-store.js';
import type { ApprovalOutcome, PendingApproval } from '../src/queue/pending-approval.js';
import { REDIS_URL, dropPrefix, uniquePrefix } from './support/redis.js';

const T0 = Date.parse('2026-11-27T17:50:00.000Z');
const TTL = 15 * 60_000;

const approval: PendingApproval = {
  captureId: '01JDQ3V8X6M2T9R4K7C5N1B0FZ',
  pod: 'ticket-balancer-5967c66fb4-qnzj6',
  namespace: 'payments',
  durationSeconds: 30,
  snaplen: 80,
  driver: 'modern-bpf',
  requestedBy: 'U0REQUEST',
  channel: 'C0INCIDENT',
  requestedAt: new Date(T0).toISOString(),
  command: 'ticket-balancer-5967c66fb4-qnzj6 -n payments 30s -s 80 --driver modern-bpf',
  rule: 'rule "payments"',
  approvers: ['S0ONCALL'],
  expiresAt: new Date(T0 + TTL).toISOString(),
};

const approvedBy = (by: string): ApprovalOutcome => ({ kind: 'approved', by, at: new Date(T0 + 1_000).toISOString() });

let prefix: string;
let store: ApprovalStore;
let redis: Redis;

beforeEach(async () => {
  prefix = uniquePrefix();
  store = new ApprovalStore(REDIS_URL, prefix);
  redis = new Redis(REDIS_URL);
  await store.whenReady();
});

afterEach(async () => {
  await store.close();
  redis.disconnect();
  await dropPrefix(prefix);
});

describe('when a request waits for approval', () => {
  it('keeps it in Redis under its capture id with the approval TTL', async () => {
    await store.add(approval, T0, TTL);
    const ttl = await redis.pttl(`${prefix}:approvals:pending:${approval.captureId}`);
    expect(ttl).toBeGreaterThan(TTL - 5_000);
    expect(ttl).toBeLessThanOrEqual(TTL);
    expect(await store.peek(approval.captureId, T0 + 1)).toEqual({ kind: 'pending', approval });
  });

  it('records the card ts on it, keeping its TTL', async () => {
    await store.add(approval, T0, TTL);
    expect(await store.attachCard(approval, '1700000000.000100')).toBe(true);
    const ttl = await redis.pttl(`${prefix}:approvals:pending:${approval.captureId}`);
    expect(ttl).toBeGreaterThan(TTL - 5_000);
    expect(await store.peek(approval.captureId, T0 + 1)).toEqual({ kind: 'pending', approval: { ...approval, cardTs: '1700000000.000100' } });
  });

  it('does not bring back an approval that ended before its card was posted', async () => {
    await store.add(approval, T0, TTL);
    await store.claim(approval.captureId, approvedBy('U0APPROVER'), T0 + 1);
    expect(await store.attachCard(approval, '1700000000.000100')).toBe(false);
    expect((await store.peek(approval.captureId, T0 + 2)).kind).toBe('decided');
  });

  it('gives it to exactly one of many simultaneous claims', async () => {
    await store.add(approval, T0, TTL);
    const others = Array.from({ length: 20 }, () => new ApprovalStore(REDIS_URL, prefix));
    try {
      await Promise.all(others.map((other) => other.whenReady()));
      const claims = await Promise.all(others.map((other, i) => other.claim(approval.captureId, approvedBy(`U0APPROVER${i}`), T0 + 1)));
      const winners = claims.filter((c) => c.kind === 'claimed');
      expect(winners).toHaveLength(1);
      const losers = claims.filter((c) => c.kind !== 'claimed');
      expect(losers).toHaveLength(19);
      for (const loser of losers) expect(loser).toMatchObject({ kind: 'decided', outcome: { kind: 'approved' } });
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
  });

  it('answers a second claim with who decided first', async () => {
    await store.add(approval, T0, TTL);
    expect((await store.claim(approval.captureId, approvedBy('U0ALICE'), T0 + 1)).kind).toBe('claimed');
    expect(await store.claim(approval.captureId, approvedBy('U0BOB'), T0 + 2)).toEqual({ kind: 'decided', outcome: approvedBy('U0ALICE') });
    expect(await redis.exists(`${prefix}:approvals:pending:${approval.captureId}`)).toBe(0);
  });

  it('knows nothing of a capture id it never stored', async () => {
    expect(await store.peek('01JDQ3V8X6M2T9R4K7C5N1B0AA', T0)).toEqual({ kind: 'unknown' });
    expect(await store.claim('01JDQ3V8X6M2T9R4K7C5N1B0AA', approvedBy('U0ALICE'), T0)).toEqual({ kind: 'unknown' });
  });

  it('forgets an approval whose card could not be posted', async () => {
    await store.add(approval, T0, TTL);
    await store.discard(approval.captureId);
    expect(await store.peek(approval.captureId, T0 + 1)).toEqual({ kind: 'unknown' });
    expect(await store.expireDue(T0 + TTL)).toEqual([]);
  });
});

describe('when an approval runs out', () => {
  it('refuses claims once the deadline passed, even before the sweep', async () => {
    await store.add(approval, T0, TTL);
    expect(await store.claim(approval.captureId, approvedBy('U0ALICE'), T0 + TTL)).toEqual({ kind: 'expired' });
    expect(await store.peek(approval.captureId, T0 + TTL + 1)).toEqual({ kind: 'expired' });
  });

  it('says expired when Redis dropped the key before the sweep came', async () => {
    await store.add(approval, T0, 50);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await store.peek(approval.captureId, T0 + 10)).toEqual({ kind: 'expired' });
  });

  it('hands each due approval to one sweep only, with its request for the card, and keeps the others', async () => {
    const later = { ...approval, captureId: '01JDQ3V8X6M2T9R4K7C5N1B0AB' };
    await store.add({ ...approval, cardTs: '1700000000.000100' }, T0, TTL);
    await store.add(later, T0, 2 * TTL);
    const [first, second] = await Promise.all([store.expireDue(T0 + TTL), store.expireDue(T0 + TTL)]);
    expect([...first!, ...second!]).toEqual([{ captureId: approval.captureId, approval: { ...approval, cardTs: '1700000000.000100' } }]);
    expect(await store.peek(approval.captureId, T0 + TTL)).toEqual({ kind: 'expired' });
    expect((await store.peek(later.captureId, T0 + TTL)).kind).toBe('pending');
    expect(await store.nextDeadline()).toBe(T0 + 2 * TTL);
  });

  it('lets a decision and the sweep race with exactly one winner', async () => {
    await store.add(approval, T0, TTL);
    const [claim, swept] = await Promise.all([store.claim(approval.captureId, approvedBy('U0ALICE'), T0 + TTL - 1), store.expireDue(T0 + TTL)]);
    expect(Number(claim.kind === 'claimed') + swept.length).toBe(1);
  });

  it('finds due approvals from a new store, as after a bot restart', async () => {
    await store.add(approval, T0, TTL);
    await store.close();
    store = new ApprovalStore(REDIS_URL, prefix);
    await store.whenReady();
    expect(await store.nextDeadline()).toBe(T0 + TTL);
    expect((await store.expireDue(T0 + TTL)).map((e) => e.captureId)).toEqual([approval.captureId]);
    expect(await store.nextDeadline()).toBeUndefined();
  });
});
