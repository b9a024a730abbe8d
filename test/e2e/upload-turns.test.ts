import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePodName } from '../../src/capture/names.js';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { linkReplies, requestCapture, until, waitForStatus } from '../support/fault-steps.js';
import { fixturePath } from '../support/fixtures.js';

const ON_B = 'ticket-server-6d9f8-abcde';
const ON_C = 'ticket-cache-7c8d9-fghij';
const REQUESTER = 'U0RESPONDER';

/** The holder container of a capture pod is running: the trace is still there to read. */
function holderRunning(world: World, captureId: string): boolean {
  const pod = world.kube.pod(CAPTURE_NAMESPACE, capturePodName(captureId));
  return pod?.status?.containerStatuses?.some((c) => c.name === 'holder' && c.state?.running !== undefined) ?? false;
}

describe('when more traces are ready than MAX_UPLOADS (1) lets stream at once', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld({ kube: { nodes: ['node-a', 'node-b', 'node-c'] } });
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: ON_B, nodeName: 'node-b' });
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: ON_C, nodeName: 'node-c' });
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
    app = await startApp(world, 'all', { MAX_UPLOADS: '1', MAX_REQUESTS_PER_USER_PER_HOUR: '30' });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  const capture = async (pod: string, channel: string): Promise<string> => {
    const id = await requestCapture(world, app, `${pod} -n ${INCIDENT_NAMESPACE} 30s`, channel, REQUESTER);
    await waitForStatus(world, channel, /Capturing on node/);
    return id;
  };
  const finish = (id: string) => world.kube.finishCapture(capturePodName(id), CAPTURE_NAMESPACE);

  it('captures all at once, uploads one at a time in order, says each waiting one its place, and posts every link', async () => {
    const [first, second, third] = [await capture(INCIDENT_POD, 'C0TURN1'), await capture(ON_B, 'C0TURN2'), await capture(ON_C, 'C0TURN3')];
    const puts = world.s3.requestCount('PutObject');
    const release = world.s3.hold(['PutObject']);
    finish(first!);
    await waitForStatus(world, 'C0TURN1', /Uploading the trace from node `node-a`/);
    await until(() => world.s3.requestCount('PutObject') > puts, 10_000, 'the first upload to reach S3');

    finish(second!);
    expect(await waitForStatus(world, 'C0TURN2', /waiting to upload/)).toContain('Captured on node `node-b`; waiting to upload, next in line.');
    finish(third!);
    expect(await waitForStatus(world, 'C0TURN3', /waiting to upload/)).toContain('Captured on node `node-c`; waiting to upload, number 2 in line.');
    // The waiting traces are still held by their capture pods, and nothing of theirs reached S3.
    expect(holderRunning(world, second!) && holderRunning(world, third!)).toBe(true);
    expect(world.s3.requestCount('PutObject')).toBe(puts + 1);

    release();
    for (const channel of ['C0TURN1', 'C0TURN2', 'C0TURN3']) {
      await waitForStatus(world, channel, /Done: /, 30_000);
      expect(linkReplies(world, channel)).toHaveLength(1);
    }
    expect(world.s3.peakConcurrentUploads()).toBe(1);
  });

  it('takes a capture cancelled while it waits to upload out of the line: its pod is deleted and it uploads nothing', async () => {
    const [running, waiting] = [await capture(INCIDENT_POD, 'C0TURNRUN'), await capture(ON_B, 'C0TURNWAIT')];
    const puts = world.s3.requestCount('PutObject');
    const release = world.s3.hold(['PutObject']);
    finish(running!);
    await waitForStatus(world, 'C0TURNRUN', /Uploading/);
    finish(waiting!);
    await waitForStatus(world, 'C0TURNWAIT', /waiting to upload, next in line/);

    const sent = await world.slack.sendSlashCommand(eventsUrl(app), { text: `cancel ${waiting}`, userId: REQUESTER, channelId: 'C0TURNWAIT' });
    await world.slack.waitForResponses(sent.responseUrl, { count: 1, timeoutMs: 10_000 });
    expect(await waitForStatus(world, 'C0TURNWAIT', /Cancelled/)).toContain(`Cancelled by <@${REQUESTER}>`);
    await expect.poll(() => world.kube.pod(CAPTURE_NAMESPACE, capturePodName(waiting!)), { timeout: 10_000 }).toBeUndefined();

    release();
    await waitForStatus(world, 'C0TURNRUN', /Done: /, 30_000);
    expect(linkReplies(world, 'C0TURNRUN')).toHaveLength(1);
    expect(linkReplies(world, 'C0TURNWAIT')).toEqual([]);
    expect(world.s3.requestCount('PutObject')).toBe(puts + 1);
  });
});
