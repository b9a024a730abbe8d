import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPrivateRedis } from '../bench/private-redis.js';
import { COMMAND_WINDOW, RequestRateLimit } from '../src/queue/request-rate-limit.js';
import { REDIS_URL, dropPrefix, uniquePrefix } from './support/redis.js';

describe('RequestRateLimit against Redis', () => {
  let redis: Redis;
  let prefix: string;
  let clock: number;

  beforeEach(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    prefix = uniquePrefix();
    clock = Date.parse('2026-11-27T17:00:00Z');
  });

  afterEach(async () => {
    await dropPrefix(prefix);
    redis.disconnect();
  });

  it('allows MAX_REQUESTS_PER_USER_PER_HOUR requests, refuses the next until the oldest is an hour old', async () => {
    const limit = new RequestRateLimit(redis, prefix, 3, () => clock);
    for (let i = 0; i < 3; i += 1) {
      expect(await limit.take('U1', `r${i}`)).toEqual({ ok: true });
      clock += 60_000;
    }
    expect(await limit.take('U1', 'r3')).toEqual({ ok: false, limit: 3, retryAt: new Date('2026-11-27T18:00:00Z') });
    clock = Date.parse('2026-11-27T18:00:00Z');
    expect(await limit.take('U1', 'r4')).toEqual({ ok: true });
  });

  it('counts each user on their own', async () => {
    const limit = new RequestRateLimit(redis, prefix, 1, () => clock);
    expect((await limit.take('U1', 'a')).ok).toBe(true);
    expect((await limit.take('U1', 'b')).ok).toBe(false);
    expect((await limit.take('U2', 'c')).ok).toBe(true);
  });

  it('refuses to count at once while its Redis connection is down, instead of queueing the command', async () => {
    const away = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 1, retryStrategy: () => 60_000 });
    away.on('error', () => {});
    await new Promise((resolve) => away.once('reconnecting', resolve));
    const limit = new RequestRateLimit(away, prefix, 3, () => clock);
    await expect(limit.take('U1', 'a')).rejects.toThrow('Redis is not connected (reconnecting)');
    away.disconnect();
  });

  it('once Redis has answered, refuses at once while a reconnect attempt is under way too', async () => {
    const server = await startPrivateRedis();
    const client = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => 20 });
    client.on('error', () => {});
    try {
      const limit = new RequestRateLimit(client, prefix, 3, () => clock);
      expect(await limit.take('U1', 'a')).toEqual({ ok: true });
      await server.stop();
      // A request that arrives while ioredis is making its next attempt.
      const during = await new Promise<{ status: string; taken: Promise<unknown> }>((resolve) =>
        client.once('connecting', () => resolve({ status: client.status, taken: limit.take('U1', 'b') })),
      );
      expect(during.status).toBe('connecting');
      await expect(during.taken).rejects.toThrow('Redis is not connected (connecting)');
    } finally {
      client.disconnect();
      await server.stop();
    }
  });

  it('does not count a refused request against the user', async () => {
    const limit = new RequestRateLimit(redis, prefix, 1, () => clock);
    await limit.take('U1', 'a');
    clock += 30 * 60_000;
    await limit.take('U1', 'b');
    clock += 30 * 60_000;
    expect((await limit.take('U1', 'c')).ok).toBe(true);
  });

  it('counts other commands per minute (MAX_COMMANDS_PER_USER_PER_MINUTE), apart from capture requests', async () => {
    const commands = new RequestRateLimit(redis, prefix, 2, () => clock, COMMAND_WINDOW);
    const requests = new RequestRateLimit(redis, prefix, 1, () => clock);
    expect(await commands.take('U1', 'a')).toEqual({ ok: true });
    expect(await commands.take('U1', 'b')).toEqual({ ok: true });
    expect(await commands.take('U1', 'c')).toEqual({ ok: false, limit: 2, retryAt: new Date(clock + 60_000) });
    expect(await requests.take('U1', 'd')).toEqual({ ok: true });
    clock += 60_000;
    expect(await commands.take('U1', 'e')).toEqual({ ok: true });
  });
});
