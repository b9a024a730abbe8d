import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import type { Queue } from 'bullmq';
import { pausedCaptureQueue } from '../support/fault-steps.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { fixturePath } from '../support/fixtures.js';
import { runCapture } from '../support/run-capture.js';

const INCIDENT = `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`;

interface Readiness {
  readonly status: string;
  readonly checks: Record<string, boolean>;
  readonly failing?: string[];
}

async function get(app: CapturebotProcess, path: string): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`http://127.0.0.1:${app.port}${path}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

async function readiness(app: CapturebotProcess): Promise<{ status: number; body: Readiness }> {
  const { status, text } = await get(app, '/readyz');
  return { status, body: JSON.parse(text) as Readiness };
}

/** One sample of a scrape of /metrics, undefined when absent. */
async function metric(app: CapturebotProcess, series: string): Promise<number | undefined> {
  const { text } = await get(app, '/metrics');
  // A worker's series carry its cluster; these checks are about a one-cluster install.
  const lines = text.split('\n').map((l) => l.replace(/\{cluster="default"\}/, '').replace(/cluster="default",?/, '').replace(/,\}/, '}'));
  const line = lines.find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('when capturebot runs every role in one process', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    app = await startApp(world, 'all');
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('answers /healthz while the process is alive', async () => {
    const health = await get(app, '/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'ok' });
  });

  it('is ready when Redis, the Kubernetes API and the S3 bucket all answer', async () => {
    const { status, body } = await readiness(app);
    expect(status).toBe(200);
    expect(body.checks).toEqual({ redis: true, kubernetes: true, s3: true });
  });

  it('counts captures, times them and adds up the bytes stored, in /metrics', async () => {
    const before = await get(app, '/metrics');
    expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await metric(app, 'capturebot_captures_requested_total')).toBe(0);

    expect(await runCapture(world, eventsUrl(app), INCIDENT, 'C0METRICS1')).toContain('Done');
    // A pod that does not exist is answered before anything is queued: requested, never started nor failed.
    const ghost = await world.slack.sendSlashCommand(eventsUrl(app), { text: `ghost-pod-0 -n ${INCIDENT_NAMESPACE} 5s`, userId: 'U0RESPONDER', channelId: 'C0METRICS2' });
    expect(await world.slack.readFirst(ghost)).toContain('Nothing named `ghost-pod-0` runs in namespace');

    // The worker counts a capture once its job returns, just after the last status update.
    await expect.poll(() => metric(app, 'capturebot_captures_succeeded_total')).toBe(1);
    expect(await metric(app, 'capturebot_captures_requested_total')).toBe(2);
    // The ghost pod's capture failed before any capture pod was asked for.
    expect(await metric(app, 'capturebot_captures_started_total')).toBe(1);
    expect(await metric(app, 'capturebot_captures_succeeded_total')).toBe(1);
    expect(await metric(app, 'capturebot_captures_failed_total{reason="target_not_found"}')).toBe(0);
    expect(await metric(app, 'capturebot_captures_failed_total{reason="upload_failed"}')).toBe(0);
    expect(await metric(app, 'capturebot_capture_duration_seconds_count')).toBe(1);
    expect(await metric(app, 'capturebot_capture_duration_seconds_sum')).toBeGreaterThan(0);
    expect(await metric(app, 'capturebot_upload_duration_seconds_count')).toBe(1);
    expect(await metric(app, 'capturebot_uploaded_bytes_total')).toBe(readFileSync(fixturePath('balancer-502.scap')).length);
    expect(await metric(app, 'capturebot_queue_depth{state="waiting"}')).toBe(0);
    expect(await metric(app, 'capturebot_queue_depth{state="active"}')).toBe(0);
    expect(await metric(app, 'capturebot_approvals_pending')).toBe(0);
    expect(await metric(app, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  }, 60_000);

  it('counts a capture over two nodes as one capture, with a capture time and an upload per node', async () => {
    const series = ['capturebot_captures_started_total', 'capturebot_captures_succeeded_total', 'capturebot_capture_duration_seconds_count', 'capturebot_upload_duration_seconds_count'];
    const before = await Promise.all(series.map((s) => metric(app, s)));
    world.kube.addWorkload({ kind: 'Deployment', namespace: INCIDENT_NAMESPACE, name: 'ticket-balancer', matchLabels: { app: 'ticket-balancer' } });
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: 'ticket-balancer-5967c66fb4-7wq4d', nodeName: 'node-b', labels: { app: 'ticket-balancer' }, owner: { kind: 'Deployment', name: 'ticket-balancer' } });
    expect(await runCapture(world, eventsUrl(app), `deploy/ticket-balancer -n ${INCIDENT_NAMESPACE} 5s`, 'C0METRICS3')).toContain('Done');
    await expect.poll(() => metric(app, 'capturebot_captures_succeeded_total')).toBe(before[1]! + 1);
    const after = await Promise.all(series.map((s) => metric(app, s)));
    expect(after.map((value, i) => value! - before[i]!)).toEqual([1, 1, 2, 2]);
  }, 60_000);

  it('is not ready, and says S3 is the reason, while the S3 endpoint is down', async () => {
    await world.s3.stop();
    try {
      const { status, body } = await readiness(app);
      expect(status).toBe(503);
      expect(body.failing).toEqual(['s3']);
      expect(body.status).toBe('not ready: s3 unreachable');
    } finally {
      await world.s3.restart();
    }
    expect((await readiness(app)).status).toBe(200);
  });

  it('is not ready, and says Kubernetes is the reason, while the API server is down', async () => {
    await world.kube.stop();
    try {
      const { status, body } = await readiness(app);
      expect(status).toBe(503);
      expect(body.failing).toEqual(['kubernetes']);
      expect(body.checks).toEqual({ redis: true, kubernetes: false, s3: true });
    } finally {
      await world.kube.restart();
    }
    expect((await readiness(app)).status).toBe(200);
  });

  it('stays alive (healthz 200) while a dependency is down', async () => {
    await world.kube.stop();
    try {
      expect((await get(app, '/healthz')).status).toBe(200);
    } finally {
      await world.kube.restart();
    }
  });
});

describe('when the worker runs alone', () => {
  let world: World;
  let worker: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    worker = await startApp(world, 'worker');
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await world?.close();
  });

  it('serves health, readiness of all three dependencies and metrics on PORT without the Slack app', async () => {
    expect((await get(worker, '/healthz')).status).toBe(200);
    expect((await readiness(worker)).body.checks).toEqual({ redis: true, kubernetes: true, s3: true });
    expect(await metric(worker, 'capturebot_captures_started_total')).toBe(0);
    expect((await get(worker, '/metrics')).text).not.toContain('capturebot_approvals_pending');
    expect((await get(worker, '/slack/events')).status).toBe(404);
  });
});

describe('when a capture waits for approval', () => {
  let world: World;
  let bot: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld({ policy: 'defaults:\n  approval: required\n' });
    bot = await startApp(world, 'all');
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await world?.close();
  });

  it('counts it in capturebot_approvals_pending, and not in the queue', async () => {
    // NaN until the bot's connection to the approvals store is up.
    await expect.poll(() => metric(bot, 'capturebot_approvals_pending')).toBe(0);
    const ack = await world.slack.sendSlashCommand(eventsUrl(bot), { text: INCIDENT, userId: 'U0RESPONDER', channelId: 'C0APPROVALS' });
    expect(ack.status).toBe(200);
    await world.slack.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0APPROVALS');
    expect(await metric(bot, 'capturebot_approvals_pending')).toBe(1);
    expect(await metric(bot, 'capturebot_captures_requested_total')).toBe(1);
    expect(await metric(bot, 'capturebot_queue_depth{state="waiting"}')).toBe(0);
  });
});

describe('when the bot runs alone', () => {
  let world: World;
  let bot: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    bot = await startApp(world, 'bot');
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await world?.close();
  });

  it('checks only Redis for readiness, the one dependency it uses', async () => {
    await world.s3.stop();
    await world.kube.stop();
    try {
      const { status, body } = await readiness(bot);
      expect(status).toBe(200);
      expect(body.checks).toEqual({ redis: true });
    } finally {
      await world.s3.restart();
      await world.kube.restart();
    }
  });

});

describe('when no worker takes capture jobs yet', () => {
  let world: World;
  let bot: CapturebotProcess;
  let captures: Queue;

  beforeAll(async () => {
    world = await startWorld();
    captures = await pausedCaptureQueue(world);
    bot = await startApp(world, 'all');
  }, 60_000);

  afterAll(async () => {
    await captures?.resume();
    await captures?.close();
    await bot?.stop();
    await world?.close();
  });

  it('shows a queued capture no worker has taken yet as queue depth', async () => {
    const ack = await world.slack.sendSlashCommand(eventsUrl(bot), { text: INCIDENT, userId: 'U0RESPONDER', channelId: 'C0QUEUE' });
    expect(ack.status).toBe(200);
    await world.slack.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0QUEUE');
    await expect.poll(() => metric(bot, 'capturebot_queue_depth{state="waiting"}')).toBe(1);
    expect(await metric(bot, 'capturebot_captures_requested_total')).toBe(1);
    expect(await metric(bot, 'capturebot_captures_started_total')).toBe(0);
  });
});

describe('when the bot runs in Socket Mode', () => {
  let world: World;
  let bot: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld({ socketMode: true });
    bot = await startApp(world, 'bot');
    await world.slack.waitForSocket();
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await world?.close();
  });

  it('still serves health, readiness and metrics on PORT, with no HTTP events endpoint', async () => {
    expect((await get(bot, '/healthz')).status).toBe(200);
    expect(await readiness(bot)).toEqual({ status: 200, body: { status: 'ready', checks: { redis: true } } });
    expect(await metric(bot, 'capturebot_captures_requested_total')).toBe(0);
    expect((await get(bot, '/slack/events')).status).toBe(404);
  });
});
