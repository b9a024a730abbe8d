import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisWorkerRegistry } from '../src/queue/redis-worker-registry.js';
import { robustnessKeys } from '../src/queue/robustness-keys.js';
import { startHeartbeat } from '../src/worker/heartbeat.js';
import { REDIS_URL, dropPrefix, uniquePrefix } from './support/redis.js';

/** A logger whose lines the test reads back. */
function capturedLog() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

const until = async (check: () => Promise<boolean> | boolean) => {
  for (let i = 0; i < 100; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('timed out');
};

describe('worker heartbeats in Redis', () => {
  let redis: Redis;
  let prefix: string;
  let now: Date;
  beforeEach(() => {
    redis = new Redis(REDIS_URL);
    prefix = uniquePrefix();
    now = new Date('2026-12-03T12:00:00.000Z');
  });
  afterEach(async () => {
    redis.disconnect();
    await dropPrefix(prefix);
  });

  it('lets the bot learn each cluster from its workers, and holds one silent for over 30 s unreachable since its last heartbeat', async () => {
    const registry = new RedisWorkerRegistry(redis, prefix, () => now);
    const { log } = capturedLog();
    const eu = startHeartbeat({ registry, cluster: 'prod-eu', workerId: 'eu-1', apiServer: 'https://eu:6443', log, now: () => now });
    const staging = startHeartbeat({ registry, cluster: 'staging', workerId: 'st-1', apiServer: 'https://st:6443', log, now: () => now });
    await until(async () => (await registry.clusters()).length === 2);
    expect(await registry.clusters()).toEqual([
      { name: 'prod-eu', live: true, lastSeen: now, liveWorkers: 1 },
      { name: 'staging', live: true, lastSeen: now, liveWorkers: 1 },
    ]);
    eu.stop();
    staging.stop();
    const lastSeen = now;
    now = new Date(now.getTime() + 31_000);
    expect(await registry.clusters()).toEqual([
      { name: 'prod-eu', live: false, lastSeen, liveWorkers: 0 },
      { name: 'staging', live: false, lastSeen, liveWorkers: 0 },
    ]);
  });

  it('skips a heartbeat that is not one, and forgets workers silent for a week', async () => {
    const registry = new RedisWorkerRegistry(redis, prefix, () => now);
    const key = robustnessKeys(prefix).workers;
    await redis.hset(key, 'junk', 'not json', 'old', JSON.stringify({ cluster: 'gone', workerId: 'old', apiServer: '', lastSeenMs: now.getTime() - 8 * 86_400_000 }));
    await registry.beat({ cluster: 'prod-eu', workerId: 'eu-1', apiServer: 'https://eu:6443', lastSeenMs: now.getTime() });
    expect((await registry.clusters()).map((cluster) => cluster.name)).toEqual(['prod-eu']);
    expect(await redis.hkeys(key)).toEqual(['eu-1']);
  });

  it('logs an error naming both API servers when a CLUSTER_NAME is already used by workers of another cluster, and keeps running', async () => {
    const registry = new RedisWorkerRegistry(redis, prefix, () => now);
    const first = capturedLog();
    const second = capturedLog();
    const a = startHeartbeat({ registry, cluster: 'prod-eu', workerId: 'eu-1', apiServer: 'https://eu-a:6443', log: first.log, now: () => now });
    await until(async () => (await registry.heartbeats()).length === 1);
    const b = startHeartbeat({ registry, cluster: 'prod-eu', workerId: 'eu-2', apiServer: 'https://eu-b:6443', log: second.log, now: () => now, intervalMs: 50 });
    await until(() => second.lines.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    a.stop();
    b.stop();
    const errors = second.lines.filter((line) => line.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toContain('CLUSTER_NAME prod-eu is also used by live workers that reach another API server (https://eu-a:6443; this one reaches https://eu-b:6443)');
    expect(await registry.heartbeats()).toHaveLength(2);
  });
});
