import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePodName } from '../../src/capture/names.js';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { linkReplies, logOf, requestCapture, waitForStatus } from '../support/fault-steps.js';
import { fixturePath } from '../support/fixtures.js';
import { closeCheckingLeftovers } from '../support/leftovers.js';
import { startOwnRedis, type OwnRedis } from '../support/redis-server.js';

const COMMAND = `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`;

describe('fault 3 (Redis down)', () => {
  let world: World;
  let redis: OwnRedis;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    redis = await startOwnRedis();
    app = await startApp(world, 'all', { REDIS_URL: redis.url });
  }, 60_000);

  afterAll(async () => {
    await closeCheckingLeftovers(world, [() => app?.stop(), () => redis?.close()], redis?.url);
  });

  /** Asks for a capture until one is queued (the bot reconnects within seconds); it must then finish with a link. */
  async function captureOnceRedisIsBack(channelPrefix: string): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const channel = `${channelPrefix}${attempt}`;
      const ack = await world.slack.sendSlashCommand(eventsUrl(app), { text: COMMAND, userId: 'U0RESPONDER', channelId: channel });
      const answer = await world.slack.readFirst(ack);
      const id = /Capture `([0-9A-Z]{26})` accepted/.exec(answer)?.[1];
      // Until the bot reconnects, the resolve step answers at once that nothing was started.
      const status = id ? await waitForStatus(world, channel, /Not started|Done|Failed/, 30_000, id) : answer;
      if (status.includes('Done')) {
        expect(linkReplies(world, channel)).toHaveLength(1);
        return;
      }
      expect(status).toContain('Not started');
      if (attempt >= 20) throw new Error(`still not capturing 10 s after Redis came back: ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  it('acks a command at once while Redis is down, says within 5 s that nothing was started, and recovers by itself', async () => {
    await redis.kill();
    const channel = 'C0REDISDOWN';
    const sentAt = Date.now();
    const ack = await world.slack.sendSlashCommand(eventsUrl(app), { text: COMMAND, userId: 'U0RESPONDER', channelId: channel });
    expect(ack.status).toBe(200);
    // The request limit is checked in Redis first, after the ack, and fails closed: the answer says nothing was started.
    expect(ack.body).toBe('');
    const { text } = await world.slack.firstAnswer(ack);
    console.info(`fault 3, Redis down: the requester was told after ${((Date.now() - sentAt) / 1000).toFixed(1)} s`);
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    expect(text).toContain('could not check the request limit; nothing was started');
    expect(world.slack.channelMessages(channel)).toEqual([]);
    expect(app.child.exitCode).toBeNull();

    await redis.start();
    const backAt = Date.now();
    await captureOnceRedisIsBack('C0REDISBACK');
    console.info(`fault 3, Redis back: a capture went through ${((Date.now() - backAt) / 1000).toFixed(1)} s after Redis restarted`);
    expect(app.child.exitCode).toBeNull();
    // The bot logs the outage when it starts and when it ends, not a line per refused request.
    expect(app.logs.filter((line) => line.msg.startsWith('Redis is not answering'))).toHaveLength(1);
    expect(app.logs.filter((line) => line.msg.startsWith('Redis is answering again'))).toEqual([expect.objectContaining({ refused: expect.any(Number) })]);
    expect(app.logs.filter((line) => line.msg.includes('request limit could not be checked'))).toEqual([]);
  });

  it('finishes or fails visibly a capture that was running while Redis restarted, then keeps working', async () => {
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
    const channel = 'C0REDISRESTART';
    const id = await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, channel);
    await waitForStatus(world, channel, /Capturing on node/);

    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await redis.start();
    world.kube.finishCapture(capturePodName(id), CAPTURE_NAMESPACE);

    const text = await waitForStatus(world, channel, /Done|Failed/, 60_000);
    if (text.includes('Done')) expect(linkReplies(world, channel)).toHaveLength(1);
    console.info(`fault 3, Redis restarted during a capture: it ended ${text.includes('Done') ? 'done' : 'failed'}`);
    expect(app.logs.some(logOf(id, 'capture failed')) || app.logs.some(logOf(id, 'link issued'))).toBe(true);
    await expect.poll(() => world.kube.pods(CAPTURE_NAMESPACE), { timeout: 10_000 }).toEqual([]);

    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap') }));
    await captureOnceRedisIsBack('C0REDISAFTER');
    expect(app.child.exitCode).toBeNull();
  });
});
