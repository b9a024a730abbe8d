import { Redis } from 'ioredis';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureJob } from '../src/capture/capture-job.js';
import { CaptureQueue } from '../src/queue/capture-queue.js';
import { Secret } from '../src/secret.js';
import { TEST_JOB_SIGNING_KEY } from './support/capturebot-harness.js';
import { REDIS_URL, dropPrefix, uniquePrefix } from './support/redis.js';

const KEPT = 3_000;
const MINE = 'C0MINE';
// Requested over the last hour or so (one a second), as a busy week's tail would be.
const START = Date.now() - 2 * 3_600_000;

function job(index: number, channel: string): CaptureJob {
  return {
    captureId: ulid(START + index * 1000),
    pod: `web-${index}`,
    namespace: 'shop',
    durationSeconds: 30,
    snaplen: 80,
    driver: 'modern-bpf',
    requestedBy: 'U0RESPONDER',
    channel,
    statusTs: `1700000000.${String(index).padStart(6, '0')}`,
    requestedAt: new Date(START + index * 1000).toISOString(),
  };
}

/** The capture jobs (by id) that Redis commands with this prefix touched while `during` ran, and how many commands there were. */
async function jobsTouched(prefix: string, during: () => Promise<unknown>): Promise<{ ids: Set<string>; commands: number }> {
  const client = new Redis(REDIS_URL);
  const monitor = await client.monitor();
  const ids = new Set<string>();
  let commands = 0;
  const jobKey = new RegExp(`^${prefix}:captures:([0-9A-HJKMNP-TV-Z]{26})(:|$)`);
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (!args.some((arg) => arg.startsWith(`${prefix}:`))) return;
    commands += 1;
    for (const arg of args) {
      const id = jobKey.exec(arg)?.[1];
      if (id) ids.add(id);
    }
  });
  // MONITOR starts reporting once Redis has answered it: a PING seen on the stream marks the start.
  await new Promise((resolve) => setTimeout(resolve, 100));
  await during();
  await new Promise((resolve) => setTimeout(resolve, 200));
  monitor.disconnect();
  client.disconnect();
  return { ids, commands };
}

describe(`when the queue keeps ${KEPT} captures, few of them from this channel`, () => {
  const prefix = uniquePrefix();
  let queue: CaptureQueue;
  const mine: string[] = [];

  beforeAll(async () => {
    queue = new CaptureQueue(REDIS_URL, prefix, [new Secret(TEST_JOB_SIGNING_KEY)]);
    for (let i = 0; i < 100 && !(await queue.ping()); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    const all = Array.from({ length: KEPT }, (_, index) => job(index, index % 200 === 0 ? MINE : `C0OTHER${index % 7}`));
    for (const j of all) if (j.channel === MINE) mine.push(j.captureId);
    for (let i = 0; i < all.length; i += 100) await Promise.all(all.slice(i, i + 100).map((j) => queue.enqueue(j)));
  }, 120_000);

  afterAll(async () => {
    await queue?.close();
    await dropPrefix(prefix);
  });

  it('lists the channel\'s newest captures by reading only that page of jobs', async () => {
    const page = mine.slice(-10).reverse();
    let listed: string[] = [];
    const touched = await jobsTouched(prefix, async () => {
      listed = (await queue.history().recent(MINE, 10)).map((r) => r.job.captureId);
    });
    expect(listed).toEqual(page);
    expect([...touched.ids].sort()).toEqual([...page].sort());
    // One index read, then a fixed few commands per job of the page (MONITOR shows those inside BullMQ's scripts too).
    expect(touched.commands).toBeLessThan(10 * 10 + 5);
  });

  it("reads only this channel's jobs for its unfinished captures", async () => {
    let unfinished: string[] = [];
    const touched = await jobsTouched(prefix, async () => {
      unfinished = (await queue.history().unfinished(MINE)).map((r) => r.job.captureId);
    });
    expect(unfinished).toEqual([...mine].reverse());
    expect([...touched.ids].every((id) => mine.includes(id))).toBe(true);
  });

  it('drops an id whose job BullMQ no longer keeps, and still fills the page', async () => {
    const redis = new Redis(REDIS_URL);
    const newest = mine.at(-1)!;
    // What removeOnComplete does to an old job: its keys go, the index still names it.
    const keys = await redis.keys(`${prefix}:captures:${newest}*`);
    await redis.del(...keys);
    await redis.lrem(`${prefix}:captures:wait`, 0, newest);
    const listed = (await queue.history().recent(MINE, 10)).map((r) => r.job.captureId);
    expect(listed).toEqual(mine.slice(-11, -1).reverse());
    expect(await redis.zscore(`${prefix}:capturebot:history:${MINE}`, newest)).toBeNull();
    redis.disconnect();
  });
});
