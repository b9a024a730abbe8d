import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { fixturePath } from '../support/fixtures.js';

const CHANNEL = 'C0FAILURES';
const USER = 'U0RESPONDER';

describe('when a capture cannot complete', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    app = await startApp(world);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  afterEach(() => {
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap') }));
  });

  /** Sends the command and returns the final text of its status message once it failed. */
  async function failedStatus(text: string, channel: string): Promise<string> {
    const ack = await world.slack.sendSlashCommand(eventsUrl(app), { text, userId: USER, channelId: channel });
    expect(ack.status).toBe(200);
    const update = await world.slack.waitFor(
      (c) => c.method === 'chat.update' && c.args.channel === channel && String(c.args.text).includes('Failed'),
      { timeoutMs: 20_000 },
    );
    return String(update.args.text);
  }

  it('says so when the pod does not exist, and creates no capture pod', async () => {
    const before = world.kube.requests.filter((r) => r.verb === 'create').length;
    const ack = await world.slack.sendSlashCommand(eventsUrl(app), { text: 'ghost-pod-0 -n ticket-generator 5s', userId: USER, channelId: `${CHANNEL}1` });
    expect(await world.slack.readFirst(ack)).toContain('Nothing named `ghost-pod-0` runs in namespace `ticket-generator`');
    expect(world.kube.requests.filter((r) => r.verb === 'create').length).toBe(before);
    expect(world.slack.channelMessages(`${CHANNEL}1`)).toEqual([]);
  });

  it('says which phase a pod that is not running is in', async () => {
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: 'ticket-server-pending', nodeName: 'node-b', phase: 'Pending' });
    const ack = await world.slack.sendSlashCommand(eventsUrl(app), { text: 'ticket-server-pending -n ticket-generator 5s', userId: USER, channelId: `${CHANNEL}2` });
    expect(await world.slack.readFirst(ack)).toMatch(/ticket-server-pending.*not Running/);
  });

  it('quotes the tail of the capture container log when sysdig exits non-zero, and deletes the pod', async () => {
    world.kube.setScenario(() => ({
      kind: 'capture-fails',
      exitCode: 1,
      logLines: ['* Setting up /usr/src links from host', 'Unable to load the driver', 'error opening device /host/dev/scap0'],
    }));
    const text = await failedStatus(`${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, `${CHANNEL}3`);
    expect(text).toContain('sysdig exited with code 1');
    expect(text).toContain('```* Setting up /usr/src links from host\nUnable to load the driver\nerror opening device /host/dev/scap0```');
    await expect.poll(() => world.kube.pods(CAPTURE_NAMESPACE)).toEqual([]);
  });

  it('says storage failed when S3 is unreachable, and deletes the pod', async () => {
    await world.s3.stop();
    try {
      const text = await failedStatus(`${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, `${CHANNEL}4`);
      expect(text).toMatch(/could not store the trace at s3:\/\//);
      await expect.poll(() => world.kube.pods(CAPTURE_NAMESPACE), { timeout: 10_000 }).toEqual([]);
      expect(world.slack.channelMessages(`${CHANNEL}4`)[0]!.replies).toEqual([]);
    } finally {
      await world.s3.restart();
    }
  }, 60_000);

  it('fails fast with the reason when the capture image cannot be pulled', async () => {
    world.kube.setScenario(() => ({ kind: 'image-pull-fails', message: 'manifest unknown' }));
    const text = await failedStatus(`${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, `${CHANNEL}5`);
    expect(text).toMatch(/ErrImagePull|ImagePullBackOff/);
    await expect.poll(() => world.kube.pods(CAPTURE_NAMESPACE)).toEqual([]);
  });

  it('never leaks the link or secrets into logs on failure paths either', () => {
    expect(app.output()).not.toContain('X-Amz-Signature');
    expect(app.output()).not.toContain(world.env.SLACK_BOT_TOKEN);
  });
});
