import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { capturePodName } from '../../src/capture/names.js';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { linkReplies, logOf, requestCapture, waitForStatus } from '../support/fault-steps.js';
import { fixturePath } from '../support/fixtures.js';
import { closeCheckingLeftovers } from '../support/leftovers.js';

const CAPTURE_30S = `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`;
const GRACE = { SHUTDOWN_GRACE: '6s' };

describe('fault 6 (graceful shutdown)', () => {
  let world: World;
  let bot: CapturebotProcess;
  let workers: CapturebotProcess[] = [];

  beforeAll(async () => {
    world = await startWorld();
    bot = await startApp(world, 'bot');
  }, 60_000);

  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap') }));
  });

  afterAll(async () => {
    await closeCheckingLeftovers(world, [() => bot?.stop()]);
  });

  async function worker(): Promise<CapturebotProcess> {
    const started = await startApp(world, 'worker', GRACE);
    workers.push(started);
    return started;
  }

  it('a worker told to stop finishes the capture it runs within SHUTDOWN_GRACE, takes no new one, and exits 0', async () => {
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
    const first = await worker();
    const id = await requestCapture(world, bot, CAPTURE_30S, 'C0TERMFINISH');
    await waitForStatus(world, 'C0TERMFINISH', /Capturing on node/);

    const stoppedAt = Date.now();
    first.child.kill('SIGTERM');
    const queuedLater = await requestCapture(world, bot, CAPTURE_30S, 'C0TERMLATER');
    world.kube.finishCapture(capturePodName(id), CAPTURE_NAMESPACE);
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stoppedAt).toBeLessThan(6_000);
    await waitForStatus(world, 'C0TERMFINISH', /Done: /);
    expect(linkReplies(world, 'C0TERMFINISH')).toHaveLength(1);
    expect(first.logs.some(logOf(queuedLater, 'capture starting'))).toBe(false);

    const second = await worker();
    await second.waitForLog(logOf(queuedLater, 'capture starting'), 15_000);
    await waitForStatus(world, 'C0TERMLATER', /Capturing on node/);
    world.kube.finishCapture(capturePodName(queuedLater), CAPTURE_NAMESPACE);
    await waitForStatus(world, 'C0TERMLATER', /Done: /);
  });

  it('a worker that cannot finish within SHUTDOWN_GRACE hands the capture back, exits 0, and another worker finishes it', async () => {
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
    const first = await worker();
    const channel = 'C0TERMHANDOVER';
    const id = await requestCapture(world, bot, CAPTURE_30S, channel);
    await waitForStatus(world, channel, /Capturing on node/);
    const second = await worker();

    const stoppedAt = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    const exitMs = Date.now() - stoppedAt;
    await second.waitForLog(logOf(id, 're-attaching to the capture pod an earlier attempt made'), 15_000);
    const handoverMs = Date.now() - stoppedAt;
    console.info(`fault 6: the stopping worker exited after ${(exitMs / 1000).toFixed(1)} s; the other took the capture up ${(handoverMs / 1000).toFixed(1)} s after SIGTERM`);
    expect(exitMs).toBeLessThan(6_000 + 1_000);

    world.kube.finishCapture(capturePodName(id), CAPTURE_NAMESPACE);
    await waitForStatus(world, channel, /Done: /, 20_000);
    expect(linkReplies(world, channel)).toHaveLength(1);
    expect(world.slack.channelMessages(channel)[0]!.history.some((v) => v.text.includes('Failed'))).toBe(false);
  });

  it('a bot told to stop takes no more commands and exits 0', async () => {
    const url = eventsUrl(bot);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    await expect(world.slack.sendSlashCommand(url, { text: CAPTURE_30S, userId: 'U0RESPONDER', channelId: 'C0TERMBOT' })).rejects.toThrow();
    expect(world.slack.channelMessages('C0TERMBOT')).toEqual([]);
  });
});
