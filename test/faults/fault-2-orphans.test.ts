import { WebClient } from '@slack/web-api';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureJob } from '../../src/capture/capture-job.js';
import type { CaptureProgress } from '../../src/capture/capture-progress.js';
import { capturePodName } from '../../src/capture/names.js';
import type { CapturebotProcess, LogLine } from '../support/capturebot-process.js';
import { BOT_TOKEN, CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { requestCapture, waitForStatus } from '../support/fault-steps.js';
import { signedJob } from '../support/signed-job.js';
import { fixturePath } from '../support/fixtures.js';
import { closeCheckingLeftovers } from '../support/leftovers.js';
import { RedisCaptureSlots } from '../../src/queue/redis-capture-slots.js';
import type { SlotLease } from '../../src/worker/capture-slots-port.js';
import { REDIS_URL } from '../support/redis.js';

const CHANNEL = 'C0JANITOR';
const OTHER_POD = 'someones-debug-pod';
/** A labelled capture pod not named capture-<id>: copied by hand, or made by another release. */
const RENAMED_POD = 'sysdig-copy-by-hand-7f9c2';
const HOUR_MS = 3_600_000;

interface Leftover {
  readonly id: string;
  readonly ts: string;
}

describe('fault 2 (capture pods left behind)', () => {
  let world: World;
  let app: CapturebotProcess;
  let connection: Redis;
  let queue: Queue;
  const web = () => new WebClient(BOT_TOKEN, { slackApiUrl: world.slack.apiUrl });
  const made: Record<'done' | 'failed' | 'unknown' | 'overdue' | 'waiting' | 'stalled' | 'lost' | 'renamed', Leftover> = {} as never;
  let lostLease: SlotLease | undefined;

  // Signed as the bot signs it: a worker runs no other.
  function jobData(id: string, ts: string, progress: CaptureProgress): CaptureJob & { progress: CaptureProgress } {
    const job = signedJob({
      captureId: id,
      pod: INCIDENT_POD,
      namespace: INCIDENT_NAMESPACE,
      durationSeconds: 30,
      snaplen: 80,
      driver: 'modern-bpf',
      requestedBy: 'U0RESPONDER',
      channel: CHANNEL,
      statusTs: ts,
      requestedAt: new Date().toISOString(),
    });
    return { ...job, progress };
  }

  /** A capture pod as a worker made it, left in the cluster; createdAgoMs back in time. */
  function leavePod(id: string, ts: string, createdAgoMs = 0, name = capturePodName(id)): void {
    world.kube.addPod({
      namespace: CAPTURE_NAMESPACE,
      name,
      nodeName: 'node-a',
      labels: { 'app.kubernetes.io/managed-by': 'capturebot', 'capturebot.io/capture-id': id },
    });
    world.kube.updatePod(CAPTURE_NAMESPACE, name, (pod) => {
      pod.metadata.annotations = { 'capturebot.io/channel': CHANNEL, 'capturebot.io/status-ts': ts };
      pod.metadata.creationTimestamp = new Date(Date.now() - createdAgoMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
      pod.spec = { ...pod.spec!, activeDeadlineSeconds: 630 };
    });
  }

  async function statusMessageTs(text: string): Promise<string> {
    const posted = await web().chat.postMessage({ channel: CHANNEL, text });
    return posted.ts!;
  }

  const passes = (): LogLine[] => app.logs.filter((l) => l.msg === 'janitor pass done');
  const currentText = (ts: string) => world.slack.channelMessages(CHANNEL).find((m) => m.ts === ts)?.text ?? '';

  beforeAll(async () => {
    world = await startWorld();
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue('captures', { connection, prefix: world.prefix });
    for (const kind of ['done', 'failed', 'unknown', 'overdue', 'waiting', 'stalled', 'lost', 'renamed'] as const) {
      made[kind] = { id: ulid(), ts: await statusMessageTs(`capture (${kind}) in progress`) };
    }
    // Jobs in the states the janitor meets: finished, failed, given up as stalled, waiting.
    const { done, failed, stalled, waiting, overdue, unknown } = made;
    await queue.add('capture', jobData(done.id, done.ts, { node: 'node-a', podCreated: true, finalStatus: { stage: 'done', node: 'node-a', sizeBytes: 10_240 } }), { jobId: done.id });
    await queue.add('capture', jobData(failed.id, failed.ts, { node: 'node-a', podCreated: true, finalStatus: { stage: 'failed', reason: 'sysdig exited with code 1' } }), { jobId: failed.id });
    await queue.add('capture', jobData(stalled.id, stalled.ts, {}), { jobId: stalled.id });
    const hand = new Worker('captures', null, { connection, prefix: world.prefix });
    const token = 'test-hand';
    const next = async () => (await hand.getNextJob(token))!;
    await (await next()).moveToCompleted({ key: 'k' }, token, false);
    await (await next()).moveToFailed(new Error('sysdig exited with code 1'), token, false);
    await (await next()).moveToFailed(new Error('job stalled more than allowable limit'), token, false);
    await hand.close();
    await queue.add('capture', jobData(waiting.id, waiting.ts, { node: 'node-a', podCreated: true }), { jobId: waiting.id, delay: HOUR_MS });
    await queue.add('capture', jobData(overdue.id, overdue.ts, { node: 'node-a', podCreated: true }), { jobId: overdue.id, delay: HOUR_MS });

    leavePod(done.id, done.ts);
    leavePod(failed.id, failed.ts);
    leavePod(unknown.id, unknown.ts);
    leavePod(waiting.id, waiting.ts);
    leavePod(overdue.id, overdue.ts, 2 * HOUR_MS);
    leavePod(made.renamed.id, made.renamed.ts, 0, RENAMED_POD);
    world.kube.addPod({ namespace: CAPTURE_NAMESPACE, name: OTHER_POD, nodeName: 'node-b', labels: { app: 'debug' } });
    // A capture Redis forgot (restarted empty) while its worker still runs it: the worker's slot lease says so.
    leavePod(made.lost.id, made.lost.ts);
    const grant = await new RedisCaptureSlots(connection, world.prefix, { perNode: 5, total: 5 }).acquire(made.lost.id, 'node-b');
    if (grant.ok) lostLease = grant.lease;

    app = await startApp(world, 'all', { JANITOR_INTERVAL: '2s' });
  }, 60_000);

  afterAll(async () => {
    await closeCheckingLeftovers(world, [() => app?.stop(), () => queue?.close(), async () => connection?.disconnect()]);
  });

  it('deletes in one pass exactly the pods whose job finished, failed, is unknown or ran past its deadline, each by its own name', async () => {
    const first = await app.waitForLog((l) => l.msg === 'janitor pass done', 20_000);
    const expected = [...[made.done, made.failed, made.unknown, made.overdue].map((m) => capturePodName(m.id)), RENAMED_POD].sort();
    expect([...(first.removed as string[])].sort()).toEqual(expected);
    const deleted = world.kube.requests.filter((r) => r.verb === 'delete' && r.resource === 'pods').map((r) => r.name);
    expect([...new Set(deleted)].sort()).toEqual(expected);
    await expect
      .poll(() => world.kube.pods(CAPTURE_NAMESPACE).map((p) => p.metadata.name).sort(), { timeout: 10_000 })
      .toEqual([capturePodName(made.waiting.id), capturePodName(made.lost.id), OTHER_POD].sort());
  });

  it('says so on each capture status message, keeping what it said', async () => {
    await expect.poll(() => currentText(made.done.ts), { timeout: 10_000 }).toContain('Done: 10.0 KiB captured on node `node-a`');
    expect(currentText(made.done.ts)).toContain(`The janitor deleted the capture pod ${capturePodName(made.done.id)}, left behind: its capture had finished.`);
    expect(currentText(made.failed.ts)).toMatch(/Failed: sysdig exited with code 1[\s\S]*left behind: its capture had failed/);
    expect(currentText(made.overdue.ts)).toContain('left behind: it ran past its deadline of 630s');
    expect(currentText(made.unknown.ts)).toMatch(/janitor deleted the capture pod .*no capture job knows it any more.*not known to the queue/s);
    expect(currentText(made.renamed.ts)).toContain(`The janitor deleted the capture pod ${RENAMED_POD}, left behind: no capture job knows it any more.`);
    expect(currentText(made.waiting.ts)).toBe('capture (waiting) in progress');
  });

  it('tells the channel about a capture given up after its workers kept dying', async () => {
    await expect.poll(() => currentText(made.stalled.ts), { timeout: 10_000 }).toContain('Failed: the capture was given up: the workers running it stopped repeatedly');
  });

  it('leaves a running capture alone, pass after pass', async () => {
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
    const channel = 'C0JANITORRUN';
    const id = await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, channel);
    await waitForStatus(world, channel, /Capturing on node/);
    const seen = passes().length;
    await app.waitForLog(() => passes().length >= seen + 2, 10_000);
    expect(world.kube.pod(CAPTURE_NAMESPACE, capturePodName(id))).toBeDefined();
    world.kube.finishCapture(capturePodName(id), CAPTURE_NAMESPACE);
    await waitForStatus(world, channel, /Done: /, 20_000);
  });

  it('removes the pod of a waiting job once the job is gone, and of a forgotten one once no worker holds it', async () => {
    await queue.remove(made.waiting.id);
    await queue.remove(made.overdue.id);
    await lostLease?.release();
    await expect.poll(() => world.kube.pods(CAPTURE_NAMESPACE).map((p) => p.metadata.name), { timeout: 10_000 }).toEqual([OTHER_POD]);
  });
});
