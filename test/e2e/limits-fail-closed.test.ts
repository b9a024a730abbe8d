import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { startOwnRedis, type OwnRedis } from '../support/redis-server.js';

const CHANNEL = 'C0LIMITS';
const UNCHECKED = 'could not check the request limit; nothing was started';

async function ackText(world: World, app: CapturebotProcess, text: string, userId: string): Promise<{ text: string; ms: number }> {
  const sentAt = Date.now();
  const result = await world.slack.sendSlashCommand(eventsUrl(app), { text, userId, channelId: CHANNEL });
  expect(result.status).toBe(200);
  return { text: await world.slack.readFirst(result), ms: Date.now() - sentAt };
}

describe('when Redis is slower than the request limit waits (500 ms)', () => {
  let world: World;
  let redis: OwnRedis;
  let admin: Redis;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    redis = await startOwnRedis();
    admin = new Redis(redis.url);
    app = await startApp(world, 'all', { REDIS_URL: redis.url });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    admin?.disconnect();
    await redis?.close();
    await world?.close();
  });

  it.each([
    ['a capture request', `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`],
    ['a list', 'list'],
    ['a status', 'status'],
  ])('refuses %s instead of letting it through uncounted, and starts nothing', async (_what, command) => {
    // Every other client waits 3 s for an answer: slow, not down.
    await admin.call('CLIENT', 'PAUSE', '3000', 'ALL');
    try {
      const { text, ms } = await ackText(world, app, command, 'U0SLOWREDIS');
      expect(text).toContain(UNCHECKED);
      expect(ms).toBeLessThan(2_500);
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
    }
    expect(world.slack.channelMessages(CHANNEL)).toEqual([]);
    expect(world.kube.requests.filter((r) => r.verb === 'create' && r.resource === 'pods')).toEqual([]);
  });

  it('answers normally again once Redis does', async () => {
    const { text } = await ackText(world, app, 'list', 'U0SLOWREDIS');
    expect(text).not.toContain(UNCHECKED);
  });
});

describe('when one person sends more list, status and cancel commands than MAX_COMMANDS_PER_USER_PER_MINUTE (3)', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    app = await startApp(world, 'all', { MAX_COMMANDS_PER_USER_PER_MINUTE: '3' });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('refuses the fourth in the minute, whichever subcommand, and counts each person apart', async () => {
    for (const command of ['list', 'status', 'cancel 01M8Y3V8883Y5H5NM9JTGDQSGQ']) {
      expect((await ackText(world, app, command, 'U0BUSY')).text).not.toContain('MAX_COMMANDS_PER_USER_PER_MINUTE');
    }
    const { text } = await ackText(world, app, 'list', 'U0BUSY');
    expect(text).toMatch(/You have sent 3 capturebot commands in the last minute.*MAX_COMMANDS_PER_USER_PER_MINUTE is 3.*Try again in \d+ s\. Nothing was done\./s);
    expect((await ackText(world, app, 'status', 'U0BUSY')).text).toContain('MAX_COMMANDS_PER_USER_PER_MINUTE is 3');
    expect((await ackText(world, app, 'list', 'U0OTHER')).text).not.toContain('MAX_COMMANDS_PER_USER_PER_MINUTE');
  });
});
