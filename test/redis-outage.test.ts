import { once } from 'node:events';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisOutage } from '../src/queue/redis-outage.js';
import { startOwnRedis, type OwnRedis } from './support/redis-server.js';

interface Line {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

function lineLogger(): { log: pino.Logger; lines: Line[] } {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Line);
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

// events.once would reject on the connection's error events, which an outage is full of.
const next = (client: Redis, event: 'reconnecting' | 'ready' | 'end'): Promise<void> => new Promise((resolve) => client.once(event, () => resolve()));

const WARN = 40;
const INFO = 30;

describe('RedisOutage, following a real Redis', () => {
  let redis: OwnRedis;
  let client: Redis;

  beforeEach(async () => {
    redis = await startOwnRedis();
    client = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    client.on('error', () => {});
    await once(client, 'ready');
  });

  afterEach(async () => {
    client.disconnect();
    await redis.close();
  });

  it('logs an outage once when Redis goes away and once when it is back, however many requests it refused', async () => {
    const { log, lines } = lineLogger();
    const outage = new RedisOutage(log).watch(client);
    await redis.kill();
    await next(client, 'reconnecting');
    for (let i = 0; i < 50; i += 1) outage.refused(new Error('Redis is not connected (reconnecting)'));
    await next(client, 'reconnecting');
    expect(outage.since).toBeInstanceOf(Date);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: WARN, msg: 'Redis is not answering: commands are refused ("nothing was started") until it does' });
    expect(JSON.stringify(lines[0])).not.toContain('stack');

    const ready = next(client, 'ready');
    await redis.start();
    await ready;
    expect(outage.since).toBeUndefined();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ level: INFO, refused: 50 });
    expect(lines[1]!.msg).toMatch(/^Redis is answering again after \d+\.\d s; 50 requests were refused meanwhile$/);
  });

  it('starts an outage on a request Redis did not answer in time, and ends it on the next answer', () => {
    const { log, lines } = lineLogger();
    const outage = new RedisOutage(log).watch(client);
    outage.refused(new Error('no answer within 500 ms'));
    outage.refused(new Error('no answer within 500 ms'));
    expect(lines).toEqual([expect.objectContaining({ level: WARN, reason: 'no answer within 500 ms' })]);
    outage.over();
    outage.over();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ level: INFO, refused: 2 });
  });

  it('logs nothing when the connection is closed on purpose (shutdown)', async () => {
    const { log, lines } = lineLogger();
    new RedisOutage(log).watch(client);
    client.disconnect();
    await next(client, 'end');
    expect(lines).toEqual([]);
  });
});
