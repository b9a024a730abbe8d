import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisCaptureSlots } from '../src/queue/redis-capture-slots.js';
import { REDIS_URL, dropPrefix, uniquePrefix } from './support/redis.js';

const ID = (n: number) => `01JDQ3V8X6M2T9R4K7C5N1B0${String(n).padStart(2, '0')}`;

describe('RedisCaptureSlots against Redis', () => {
  let redis: Redis;
  let prefix: string;
  let clock: number;
  const slots = (perNode: number, total: number) => new RedisCaptureSlots(redis, prefix, { perNode, total, leaseMs: 60_000 }, () => clock);

  beforeEach(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    prefix = uniquePrefix();
    clock = 1_000_000;
  });

  afterEach(async () => {
    await dropPrefix(prefix);
    redis.disconnect();
  });

  it('lets MAX_CAPTURES_PER_NODE captures run on a node and says what the next one waits for', async () => {
    const limits = slots(1, 5);
    expect((await limits.acquire(ID(1), 'node-a')).ok).toBe(true);
    expect(await limits.acquire(ID(2), 'node-a')).toEqual({ ok: false, waitingFor: 'node node-a already runs 1 capture (MAX_CAPTURES_PER_NODE is 1)' });
    expect((await limits.acquire(ID(3), 'node-b')).ok).toBe(true);
  });

  it('counts each named cluster on its own: a node name in two clusters is two nodes, and MAX_CAPTURES is per cluster', async () => {
    const eu = new RedisCaptureSlots(redis, prefix, { perNode: 1, total: 1, leaseMs: 60_000, cluster: 'prod-eu' }, () => clock);
    const us = new RedisCaptureSlots(redis, prefix, { perNode: 1, total: 1, leaseMs: 60_000, cluster: 'prod-us' }, () => clock);
    expect((await eu.acquire(ID(1), 'node-a')).ok).toBe(true);
    expect((await us.acquire(ID(2), 'node-a')).ok).toBe(true);
    expect((await slots(1, 1).acquire(ID(3), 'node-a')).ok).toBe(true);
    expect((await eu.acquire(ID(4), 'node-b')).ok).toBe(false);
  });

  it('holds every node to MAX_CAPTURES in all', async () => {
    const limits = slots(5, 2);
    expect((await limits.acquire(ID(1), 'node-a')).ok).toBe(true);
    expect((await limits.acquire(ID(2), 'node-b')).ok).toBe(true);
    expect(await limits.acquire(ID(3), 'node-c')).toEqual({ ok: false, waitingFor: '2 captures already run (MAX_CAPTURES is 2)' });
  });

  it('says one capture runs, not one capture run', async () => {
    const one = slots(5, 1);
    expect((await one.acquire(ID(1), 'node-a')).ok).toBe(true);
    expect(await one.acquire(ID(2), 'node-b')).toEqual({ ok: false, waitingFor: '1 capture already runs (MAX_CAPTURES is 1)' });
  });

  it('frees a slot when its lease is released', async () => {
    const limits = slots(1, 5);
    const first = await limits.acquire(ID(1), 'node-a');
    if (!first.ok) throw new Error('first slot refused');
    await first.lease.release();
    expect((await limits.acquire(ID(2), 'node-a')).ok).toBe(true);
  });

  it('frees the slot of a worker that died once its lease expires', async () => {
    const limits = slots(1, 5);
    expect((await limits.acquire(ID(1), 'node-a')).ok).toBe(true);
    clock += 59_000;
    expect((await limits.acquire(ID(2), 'node-a')).ok).toBe(false);
    clock += 2_000;
    expect((await limits.acquire(ID(2), 'node-a')).ok).toBe(true);
  });

  it('gives a resumed capture back the slot it holds, and a forced one a slot beyond the limit', async () => {
    const limits = slots(1, 5);
    expect((await limits.acquire(ID(1), 'node-a')).ok).toBe(true);
    expect((await limits.acquire(ID(1), 'node-a')).ok).toBe(true);
    expect((await limits.acquire(ID(2), 'node-a', { force: true })).ok).toBe(true);
    expect((await limits.acquire(ID(3), 'node-a')).ok).toBe(false);
  });

  it('tells whether a live worker holds a capture', async () => {
    const limits = slots(1, 5);
    const grant = await limits.acquire(ID(1), 'node-a');
    expect(await limits.isHeld(ID(1))).toBe(true);
    expect(await limits.isHeld(ID(2))).toBe(false);
    clock += 61_000;
    expect(await limits.isHeld(ID(1))).toBe(false);
    clock -= 61_000;
    if (grant.ok) await grant.lease.release();
    expect(await limits.isHeld(ID(1))).toBe(false);
  });

  it('shares the limits between workers using the same Redis and prefix', async () => {
    expect((await slots(1, 5).acquire(ID(1), 'node-a')).ok).toBe(true);
    expect((await slots(1, 5).acquire(ID(2), 'node-a')).ok).toBe(false);
  });
});
