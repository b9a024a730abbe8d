import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { capturePodName } from '../../src/capture/names.js';
import { robustnessKeys } from '../../src/queue/robustness-keys.js';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { APPROVE, auditLines, cardCaptureId, clickButton, waitForCard } from '../support/approvals.js';
import { bigTrace, capturePodCreates, jobState, linkReplies, pausedCaptureQueue, requestCapture, until, waitForStatus } from '../support/fault-steps.js';
import { fixturePath } from '../support/fixtures.js';
import { leftovers } from '../support/leftovers.js';
import { REDIS_URL } from '../support/redis.js';

const REQUESTER = 'U0RESPONDER';
const CAPTURE_30S = `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`;
const MiB = 1024 * 1024;
// Captures start at once; the on-call group and one user are the approvers, so they may cancel too, as may the SRE group (cancellers).
const POLICY = 'defaults:\n  approval: none\n  approvers: ["S0ONCALL", "U0LEAD"]\n  cancellers: ["S0SRE"]\n';

describe('when someone cancels a capture with /capture cancel ID', () => {
  let world: World;
  let app: CapturebotProcess;
  let cancelledBefore = '';

  beforeAll(async () => {
    world = await startWorld({ policy: POLICY });
    world.slack.setUserGroup('S0ONCALL', ['U0ONCALL']);
    world.slack.setUserGroup('S0SRE', ['U0SRE']);
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: 'ticket-server-6d9f8-abcde', nodeName: 'node-a' });
    // One requester asks for every capture of this suite.
    app = await startApp(world, 'all', { MAX_REQUESTS_PER_USER_PER_HOUR: '30' });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  afterEach(() => {
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap') }));
  });

  /** Sends `/capture cancel id` as user; returns the ack's body and what the bot then answered privately. */
  async function cancel(id: string, user: string, channel: string): Promise<{ ack: unknown; answer: string }> {
    const sent = await world.slack.sendSlashCommand(eventsUrl(app), { text: `cancel ${id}`, userId: user, channelId: channel });
    return { ack: sent.body, answer: (await world.slack.firstAnswer(sent)).text };
  }

  it('stops a running capture for its requester: pod deleted, status says who cancelled, no link', async () => {
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
    const channel = 'C0CANCELRUN';
    const id = await requestCapture(world, app, CAPTURE_30S, channel, REQUESTER);
    cancelledBefore = id;
    await waitForStatus(world, channel, /Capturing on node/);

    const { ack, answer } = await cancel(id.toLowerCase(), REQUESTER, channel);
    // Acked before anything is looked up; the answer names the id as the bot knows it.
    expect(ack).toBe('');
    expect(answer).toContain(`Stopping capture \`${id}\``);
    expect(await waitForStatus(world, channel, /Cancelled/)).toContain(`Cancelled by <@${REQUESTER}>`);
    await expect.poll(() => world.kube.pod(CAPTURE_NAMESPACE, capturePodName(id)), { timeout: 10_000 }).toBeUndefined();
    expect(linkReplies(world, channel)).toEqual([]);
  });

  it('aborts the partial upload of a capture cancelled while streaming', async () => {
    const trace = await bigTrace(96 * MiB);
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: trace.path }));
    const channel = 'C0CANCELUPLOAD';
    const parts = world.s3.requestCount('UploadPart');
    const id = await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, channel, REQUESTER);
    await until(() => world.s3.requestCount('UploadPart') > parts, 30_000, 'the upload to start');
    await cancel(id, REQUESTER, channel);
    const text = await waitForStatus(world, channel, /Cancelled|Done/, 30_000);
    expect(text).toContain(`Cancelled by <@${REQUESTER}>`);
    await expect.poll(async () => (await leftovers(world)).pendingUploads, { timeout: 10_000 }).toEqual([]);
    await expect.poll(() => world.kube.pod(CAPTURE_NAMESPACE, capturePodName(id)), { timeout: 10_000 }).toBeUndefined();
  });

  it('takes a capture still waiting for a slot out of the queue, and it never starts', async () => {
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
    const running = await requestCapture(world, app, CAPTURE_30S, 'C0CANCELBUSY', REQUESTER);
    await waitForStatus(world, 'C0CANCELBUSY', /Capturing/);
    const waiting = await requestCapture(world, app, `ticket-server-6d9f8-abcde -n ${INCIDENT_NAMESPACE} 30s`, 'C0CANCELWAIT', REQUESTER);
    await waitForStatus(world, 'C0CANCELWAIT', /Waiting/);

    const createsBefore = capturePodCreates(world);
    const { answer } = await cancel(waiting, REQUESTER, 'C0CANCELWAIT');
    expect(answer).toContain('is cancelled; it had not started yet');
    expect(await waitForStatus(world, 'C0CANCELWAIT', /Cancelled/)).toContain(`Cancelled by <@${REQUESTER}>`);
    // A capture that never ran leaves no worker event: the bot's audit line is the only record of it.
    expect(auditLines(app, waiting).map((l) => [l.audit, l.who, l.stage])).toEqual([
      ['requested', REQUESTER, undefined],
      ['cancelled', REQUESTER, 'queued'],
    ]);

    world.kube.finishCapture(capturePodName(running), CAPTURE_NAMESPACE);
    await waitForStatus(world, 'C0CANCELBUSY', /Done/);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(capturePodCreates(world)).toBe(createsBefore);
    expect(app.logs.some((l) => l.captureId === waiting && l.msg === 'capture starting')).toBe(false);
  });

  const WHO_MAY =
    `<@${REQUESTER}> (who asked for it), members of <!subteam^S0ONCALL> or <@U0LEAD> (approvers for namespace ${INCIDENT_NAMESPACE}) ` +
    `or members of <!subteam^S0SRE> (cancellers for namespace ${INCIDENT_NAMESPACE})`;

  it('refuses anyone but the requester, an approver or a canceller, says who may, and audits the attempt', async () => {
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
    const id = await requestCapture(world, app, CAPTURE_30S, 'C0CANCELOTHER', REQUESTER);
    await waitForStatus(world, 'C0CANCELOTHER', /Capturing/);
    const { answer } = await cancel(id, 'U0BYSTANDER', 'C0CANCELOTHER');
    expect(answer).toBe(`:no_entry: Only ${WHO_MAY} may cancel capture \`${id}\`, and only in <#C0CANCELOTHER>. Nothing was cancelled.`);
    expect(world.kube.pod(CAPTURE_NAMESPACE, capturePodName(id))).toBeDefined();
    await app.waitForLog((l) => l.audit === 'action-refused' && l.captureId === id);
    expect(auditLines(app, id).filter((l) => l.audit === 'action-refused')).toEqual([
      expect.objectContaining({ who: 'U0BYSTANDER', requester: REQUESTER, channel: 'C0CANCELOTHER', action: 'cancel', reason: expect.stringContaining('Only <@') }),
    ]);
    world.kube.finishCapture(capturePodName(id), CAPTURE_NAMESPACE);
    await waitForStatus(world, 'C0CANCELOTHER', /Done/);
    expect(auditLines(app, id).some((l) => l.audit === 'cancelled')).toBe(false);
  });

  it.each([
    ['a stranger', 'U0STRANGER'],
    ['an approver', 'U0LEAD'],
    ['the requester themself', REQUESTER],
  ])('refuses %s cancelling from another channel: the capture runs on', async (_who, user) => {
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
    const channel = `C0CANCELHOME${user.slice(2)}`;
    const id = await requestCapture(world, app, CAPTURE_30S, channel, REQUESTER);
    await waitForStatus(world, channel, /Capturing/);
    const { answer } = await cancel(id, user, 'C0ELSEWHERE');
    expect(answer).toBe(`:no_entry: Only ${WHO_MAY} may cancel capture \`${id}\`, and only in <#${channel}>. Nothing was cancelled.`);
    await app.waitForLog((l) => l.audit === 'action-refused' && l.captureId === id);
    expect(auditLines(app, id).find((l) => l.audit === 'action-refused')).toMatchObject({ who: user, channel, fromChannel: 'C0ELSEWHERE', action: 'cancel' });
    expect(world.kube.pod(CAPTURE_NAMESPACE, capturePodName(id))).toBeDefined();
    expect(await waitForStatus(world, channel, /Capturing/)).not.toContain('Cancelled');
    world.kube.finishCapture(capturePodName(id), CAPTURE_NAMESPACE);
    await waitForStatus(world, channel, /Done/);
  });

  it.each([
    ['a member of an approver group', 'U0ONCALL'],
    ['an approver named in the policy', 'U0LEAD'],
    ['a member of a cancellers group', 'U0SRE'],
  ])('lets %s cancel, and the status message names them', async (_who, user) => {
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
    const channel = `C0CANCEL${user.slice(2)}`;
    const id = await requestCapture(world, app, CAPTURE_30S, channel, REQUESTER);
    await waitForStatus(world, channel, /Capturing/);
    const { answer } = await cancel(id, user, channel);
    expect(answer).toContain(`Stopping capture \`${id}\``);
    expect(await waitForStatus(world, channel, /Cancelled/)).toContain(`Cancelled by <@${user}>`);
    await expect.poll(() => world.kube.pod(CAPTURE_NAMESPACE, capturePodName(id)), { timeout: 10_000 }).toBeUndefined();
    expect(linkReplies(world, channel)).toEqual([]);
    expect(auditLines(app, id).find((l) => l.audit === 'cancelled')).toMatchObject({ who: user, requester: REQUESTER, channel, stage: 'running' });
  });

  it('says so for a capture that does not exist or has already finished', async () => {
    expect((await cancel('01JDQ3V8X6M2T9R4K7C5N1B0FZ', REQUESTER, 'C0CANCELNONE')).answer).toContain('There is no capture `01JDQ3V8X6M2T9R4K7C5N1B0FZ`');
    const id = await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, 'C0CANCELDONE', REQUESTER);
    await waitForStatus(world, 'C0CANCELDONE', /Done/);
    await expect.poll(() => jobState(world, id), { timeout: 10_000 }).toBe('completed');
    expect((await cancel(id, REQUESTER, 'C0CANCELDONE')).answer).toContain('has already finished: there is nothing to cancel');
    expect((await cancel(cancelledBefore, REQUESTER, 'C0CANCELRUN')).answer).toContain('has already been cancelled');
  });

  it('refuses a malformed cancel in the ack, in two lines pointing to the help', async () => {
    const sent = await world.slack.sendSlashCommand(eventsUrl(app), { text: 'cancel now-please', userId: REQUESTER, channelId: 'C0CANCELBAD' });
    const text = (sent.body as { text: string }).text;
    expect(text).toMatch(/`now-please` is not a capture id.*\n`\/capture help` lists every form\.$/s);
    expect(text.split('\n')).toHaveLength(2);
  });

  it('asks which capture when cancel has no id, in two lines', async () => {
    const sent = await world.slack.sendSlashCommand(eventsUrl(app), { text: 'cancel', userId: REQUESTER, channelId: 'C0CANCELBAD' });
    const text = (sent.body as { text: string }).text;
    expect(text).toMatch(/^:warning: Which capture\? .*Nothing was started\.\n`\/capture help` lists every form\.$/);
  });
});

describe('when a worker takes up a capture that was cancelled before it started', () => {
  let world: World;
  let bot: CapturebotProcess;
  let captures: Queue;

  beforeAll(async () => {
    world = await startWorld();
    captures = await pausedCaptureQueue(world);
    bot = await startApp(world, 'all');
  }, 60_000);

  afterAll(async () => {
    await captures?.close();
    await bot?.stop();
    await world?.close();
  });

  it('never starts it, and /capture status reads it back as cancelled, by whom', async () => {
    const channel = 'C0CANCELLATE';
    const id = await requestCapture(world, bot, CAPTURE_30S, channel, REQUESTER);
    await waitForStatus(world, channel, /Queued/);
    // What the bot leaves when it cannot take a job out of the queue itself: the mark a worker reads first.
    const redis = new Redis(REDIS_URL);
    await redis.set(robustnessKeys(world.prefix).cancel(id), 'U0LEAD', 'EX', 60);
    redis.disconnect();

    await captures.resume();
    expect(await waitForStatus(world, channel, /Cancelled/)).toContain('Cancelled by <@U0LEAD>');
    await expect.poll(() => jobState(world, id), { timeout: 10_000 }).toBe('failed');
    expect(capturePodCreates(world)).toBe(0);

    const sent = await world.slack.sendSlashCommand(eventsUrl(bot), { text: `status ${id}`, userId: REQUESTER, channelId: channel });
    const [answer] = await world.slack.waitForResponses(sent.responseUrl, { count: 1, timeoutMs: 10_000 });
    expect(String(answer?.body.text)).toContain('cancelled by <@U0LEAD>');
  });
});

describe('under the shipped four-eyes default (no policy file), when someone else cancels a running capture', () => {
  let world: World;
  let app: CapturebotProcess;
  const CHANNEL = 'C0FOUREYES';
  const APPROVER = 'U0APPROVER';

  beforeAll(async () => {
    world = await startWorld();
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
    app = await startApp(world, 'all', { CAPTUREBOT_POLICY: '' });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  async function cancel(id: string, user: string, channel: string): Promise<string> {
    const sent = await world.slack.sendSlashCommand(eventsUrl(app), { text: `cancel ${id}`, userId: user, channelId: channel });
    const [answer] = await world.slack.waitForResponses(sent.responseUrl, { count: 1, timeoutMs: 10_000 });
    return String(answer?.body.text);
  }

  it('refuses a stranger, from another channel or from the capture’s own, and lets the approver', async () => {
    await world.slack.sendSlashCommand(eventsUrl(app), { text: CAPTURE_30S, userId: REQUESTER, channelId: CHANNEL });
    const card = await waitForCard(world, CHANNEL);
    const id = cardCaptureId(card);
    await clickButton(world, app, card, APPROVER, APPROVE);
    await waitForStatus(world, CHANNEL, /Capturing on node/, 20_000, id);

    const only = `Only <@${REQUESTER}> (who asked for it) or <@${APPROVER}> (who approved it) may cancel capture \`${id}\`, and only in <#${CHANNEL}>. Nothing was cancelled.`;
    expect(await cancel(id, 'U0STRANGER', 'C0ELSEWHERE')).toBe(`:no_entry: ${only}`);
    // Anyone but the requester could have approved it; that does not make them someone who may stop it.
    expect(await cancel(id, 'U0STRANGER', CHANNEL)).toBe(`:no_entry: ${only}`);
    expect(world.kube.pod(CAPTURE_NAMESPACE, capturePodName(id))).toBeDefined();
    expect(auditLines(app, id).filter((l) => l.audit === 'action-refused').map((l) => [l.who, l.fromChannel])).toEqual([
      ['U0STRANGER', 'C0ELSEWHERE'],
      ['U0STRANGER', undefined],
    ]);

    expect(await cancel(id, APPROVER, CHANNEL)).toContain(`Stopping capture \`${id}\``);
    expect(await waitForStatus(world, CHANNEL, /Cancelled/, 20_000, id)).toContain(`Cancelled by <@${APPROVER}>`);
    expect(auditLines(app, id).find((l) => l.audit === 'cancelled')).toMatchObject({ who: APPROVER, approvedBy: APPROVER, stage: 'running' });
  });
});
