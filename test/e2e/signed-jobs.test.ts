import { Queue } from 'bullmq';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureJobSchema, type CaptureJob } from '../../src/capture/capture-job.js';
import { signJob } from '../../src/capture/job-signature.js';
import { Secret } from '../../src/secret.js';
import { signedPart } from '../../src/worker/job-admission.js';
import type { CapturebotProcess, LogLine } from '../support/capturebot-process.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, TEST_JOB_SIGNING_KEY, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { jobState, pausedCaptureQueue, requestCapture, waitForStatus } from '../support/fault-steps.js';

const CHANNEL = 'C0INCIDENT';

/** Every pod the worker asked the Kubernetes stand-in to create, in any namespace. */
function podCreates(world: World): number {
  return world.kube.requests.filter((r) => r.verb === 'create' && r.resource === 'pods' && !r.subresource).length;
}

function refusals(app: CapturebotProcess, captureId: string): { audit?: LogLine; log?: LogLine } {
  return {
    audit: app.logs.find((l) => l.audit === 'worker-refused' && l.captureId === captureId),
    log: app.logs.find((l) => l.msg === 'capture job refused by the worker; nothing was started' && l.captureId === captureId),
  };
}

async function failedReason(queue: Queue, world: World, captureId: string): Promise<string> {
  await expect.poll(() => jobState(world, captureId), { timeout: 15_000 }).toBe('failed');
  return (await queue.getJob(captureId))?.failedReason ?? '';
}

describe('when someone who reaches Redis writes a capture job straight into the queue', () => {
  let world: World;
  let app: CapturebotProcess;
  let queue: Queue;

  beforeAll(async () => {
    world = await startWorld();
    app = await startApp(world, 'worker');
    queue = new Queue('captures', { connection: { url: world.env.REDIS_URL! }, prefix: world.prefix });
  }, 60_000);

  afterAll(async () => {
    await queue?.close();
    await app?.stop();
    await world?.close();
  });

  it('a node capture in kube-system for a day at full snaplen, with a made-up approver, creates no pod and is audited', async () => {
    const captureId = ulid();
    const forged = {
      captureId,
      pod: 'node-a',
      namespace: 'kube-system',
      target: { kind: 'node', name: 'node-a' },
      durationSeconds: 86_400,
      snaplen: 65_535,
      driver: 'modern-bpf',
      requestedBy: 'U0INTRUDER',
      approvedBy: 'U0MADEUP',
      policyRule: 'defaults',
      channel: CHANNEL,
      statusTs: '1700000000.000100',
      requestedAt: new Date().toISOString(),
    };
    // The attack as it stood: the job is well-formed, so a shape check alone ran it.
    expect(captureJobSchema.safeParse(forged).success).toBe(true);

    await queue.add('capture', forged, { jobId: captureId, attempts: 1 });

    expect(await failedReason(queue, world, captureId)).toBe('refused by the worker: the job is not signed by the bot');
    expect(podCreates(world)).toBe(0);
    const { audit, log } = refusals(app, captureId);
    expect(audit).toMatchObject({ reason: 'the job is not signed by the bot', requester: 'U0INTRUDER', approvedBy: 'U0MADEUP' });
    expect(log).toMatchObject({ level: 40, signed: false });
    // The forged job's channel and message are the intruder's word: nothing is posted there.
    expect(world.slack.channelMessages(CHANNEL)).toEqual([]);
    expect(app.output()).not.toContain(TEST_JOB_SIGNING_KEY);
  });

  it('a job signed with a key the workers do not hold is refused the same way', async () => {
    const captureId = ulid();
    const job: CaptureJob = captureJobSchema.parse({
      captureId,
      pod: INCIDENT_POD,
      namespace: INCIDENT_NAMESPACE,
      durationSeconds: 30,
      snaplen: 80,
      driver: 'modern-bpf',
      requestedBy: 'U0INTRUDER',
      channel: CHANNEL,
      statusTs: '1700000000.000200',
      requestedAt: new Date().toISOString(),
    });
    const guessed = new Secret('a-guessed-key-that-is-long-enough-0123456789');
    await queue.add('capture', { ...job, signature: signJob([guessed], 'capture', signedPart(job), new Date(), 60_000) }, { jobId: captureId, attempts: 1 });

    expect(await failedReason(queue, world, captureId)).toContain('does not match its data');
    expect(podCreates(world)).toBe(0);
    expect(refusals(app, captureId).audit).toBeDefined();
  });
});

describe('when a job the bot signed is changed in Redis before a worker takes it', () => {
  let world: World;
  let app: CapturebotProcess;
  let captures: Queue;

  beforeAll(async () => {
    world = await startWorld();
    captures = await pausedCaptureQueue(world);
    app = await startApp(world, 'all');
  }, 60_000);

  afterAll(async () => {
    await captures?.close();
    await app?.stop();
    await world?.close();
  });

  it('runs neither the altered job nor one re-signed past the worker\'s own limits', async () => {
    const altered = await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, 'C0ALTERED');
    const overLimit = await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, 'C0OVERLIMIT');
    await waitForStatus(world, 'C0ALTERED', /Queued/);
    await waitForStatus(world, 'C0OVERLIMIT', /Queued/);

    // The status message is posted just before the job is queued.
    const queued = async (id: string) => {
      await expect.poll(async () => (await captures.getJob(id)) !== undefined, { timeout: 5_000 }).toBe(true);
      return (await captures.getJob(id))!;
    };
    // One field changed, the signature kept.
    const first = await queued(altered);
    expect(first.data.signature).toMatchObject({ mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await first.updateData({ ...first.data, durationSeconds: 60 });
    // Signed with the real key (as a bot with a looser MAX_DURATION would), but past the worker's 300 s.
    const second = await queued(overLimit);
    const stretched = captureJobSchema.parse({ ...second.data, durationSeconds: 86_400 });
    const resigned = signJob([new Secret(TEST_JOB_SIGNING_KEY)], 'capture', signedPart(stretched), new Date(), 60_000);
    await second.updateData({ ...stretched, signature: resigned });

    await captures.resume();

    expect(await failedReason(captures, world, altered)).toBe(
      "refused by the worker: the job's signature does not match its data (altered, or signed with another key)",
    );
    expect(await failedReason(captures, world, overLimit)).toBe("refused by the worker: the job asks for 86400s, longer than this worker's MAX_DURATION of 300s");
    expect(podCreates(world)).toBe(0);
    expect(refusals(app, altered).audit).toBeDefined();
    expect(refusals(app, overLimit).audit).toMatchObject({ reason: "the job asks for 86400s, longer than this worker's MAX_DURATION of 300s" });
    // The signed job's status message is the bot's own: it says why nothing ran. The altered one's is left alone.
    expect(await waitForStatus(world, 'C0OVERLIMIT', /refused/)).toContain('the worker refused this capture');
    expect(await waitForStatus(world, 'C0ALTERED', /Queued/)).not.toContain('refused');
  });
});

describe('when someone who reaches Redis asks a worker for a fresh link to a finished capture', () => {
  let world: World;
  let app: CapturebotProcess;
  let relinks: Queue;

  beforeAll(async () => {
    world = await startWorld();
    app = await startApp(world, 'all');
    relinks = new Queue('relinks', { connection: { url: world.env.REDIS_URL! }, prefix: world.prefix });
  }, 60_000);

  afterAll(async () => {
    await relinks?.close();
    await app?.stop();
    await world?.close();
  });

  it('presigns nothing for a request the bot did not sign', async () => {
    const channel = 'C0RELINK';
    const captureId = await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, channel);
    await waitForStatus(world, channel, /Done/);
    const job = await relinks.add('relink', { captureId, userId: 'U0INTRUDER', channel, requestedAt: new Date().toISOString() }, { jobId: `relink-${ulid()}`, attempts: 1 });

    await expect.poll(() => job.getState(), { timeout: 10_000 }).toBe('failed');
    expect((await relinks.getJob(job.id!))?.failedReason).toBe('refused by the worker: the job is not signed by the bot');
    expect(app.logs.some((l) => l.msg === 'fresh link request refused by the worker; no link was issued' && l.captureId === captureId)).toBe(true);
    expect(world.slack.calls('chat.postEphemeral').filter((c) => c.args.user === 'U0INTRUDER')).toEqual([]);
  });
});
