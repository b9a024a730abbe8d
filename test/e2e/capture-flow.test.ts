import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { fixturePath } from '../support/fixtures.js';
import { REDIS_URL } from '../support/redis.js';
import type { CommandAnswer } from '../support/slack/index.js';

const CHANNEL = 'C0INCIDENT';
const USER = 'U0RESPONDER';
const sysdigInstalled = spawnSync('sysdig', ['--version']).status === 0;

function linkIn(text: string): string {
  const match = /<(http[^|>]+)\|/.exec(text);
  if (!match?.[1]) throw new Error(`no link in: ${text}`);
  return match[1].replace(/&amp;/g, '&');
}

describe('when a responder types /capture for the incident pod', () => {
  let world: World;
  let app: CapturebotProcess;
  let ack: { status: number; body: unknown; elapsedMs: number; responseUrl: string };
  let answer: CommandAnswer;
  let linkText: string;

  beforeAll(async () => {
    world = await startWorld();
    app = await startApp(world);
    ack = await world.slack.sendSlashCommand(eventsUrl(app), {
      text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`,
      userId: USER,
      channelId: CHANNEL,
    });
    answer = await world.slack.firstAnswer(ack);
    const reply = await world.slack.waitFor((c) => c.method === 'chat.postMessage' && Boolean(c.args.thread_ts), { timeoutMs: 20_000 });
    linkText = String(reply.args.text);
    await world.slack.waitFor((c) => c.method === 'chat.update' && String(c.args.text).includes('Done'), { timeoutMs: 10_000 });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('acks at once, before any check, then answers privately with the capture id', () => {
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toMatch(/Capture `[0-9A-HJKMNP-TV-Z]{26}` accepted/);
  });

  it('posts one status message saying who captures which pod, where, for how long', () => {
    const messages = world.slack.channelMessages(CHANNEL);
    expect(messages).toHaveLength(1);
    const first = messages[0]!.history[0]!.text;
    expect(first).toContain(`<@${USER}>`);
    expect(first).toContain(INCIDENT_POD);
    expect(first).toContain(INCIDENT_NAMESPACE);
    expect(first).toContain('for 30s');
    expect(first).toContain('Queued');
  });

  it('updates that message in place through every stage', () => {
    const stages = world.slack.channelMessages(CHANNEL)[0]!.history.map((v) => v.text.split('\n')[1]);
    const order = ['Queued', 'Starting capture pod on node `node-a`', 'Capturing on node `node-a`', 'Uploading', 'Done'];
    const seen = order.map((stage) => stages.findIndex((s) => s?.includes(stage)));
    expect(seen.every((i) => i >= 0)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(stages.at(-1)).toMatch(/Done: 10\.\d KiB captured on node `node-a`/);
  });

  it('queues the job with the status message ts in its data', async () => {
    const statusTs = world.slack.channelMessages(CHANNEL)[0]!.ts;
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('captures', { connection, prefix: world.prefix });
    // The status message says Done just before the worker hands the job back to BullMQ as completed.
    await expect.poll(() => queue.getJobCounts('completed'), { timeout: 5_000 }).toEqual({ completed: 1 });
    const jobs = await queue.getJobs(['completed']);
    await queue.close();
    connection.disconnect();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toMatchObject({ statusTs, pod: INCIDENT_POD, namespace: INCIDENT_NAMESPACE, durationSeconds: 30, channel: CHANNEL, requestedBy: USER });
    expect(jobs[0]!.id).toBe(jobs[0]!.data.captureId);
    expect(JSON.stringify(jobs[0]!.returnvalue)).not.toContain('X-Amz-Signature');
  });

  it('ran sysdig on the target node with -M and -w as argv elements', () => {
    const created = world.kube.requests.filter((r) => r.verb === 'create' && r.resource === 'pods' && !r.subresource);
    expect(created).toHaveLength(1);
    expect(created[0]!.namespace).toBe(CAPTURE_NAMESPACE);
  });

  it('posts the link, size, sha256, node, duration, snaplen and expiry in the thread', () => {
    const fixture = readFileSync(fixturePath('balancer-502.scap'));
    const sha256 = createHash('sha256').update(fixture).digest('hex');
    expect(linkText).toMatch(new RegExp(`capture-${INCIDENT_POD}-\\d{8}T\\d{6}Z-[0-9A-Z]{26}\\.scap\\.gz`));
    expect(linkText).toContain(`(${fixture.length} bytes)`);
    expect(linkText).toContain(sha256);
    expect(linkText).toContain('node `node-a`');
    expect(linkText).toContain('duration 30s');
    expect(linkText).toContain('snaplen 80');
    expect(linkText).toMatch(/link expires \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(linkText).toMatch(/Sysdig Inspect.*Stratoshark.*sysdig -r/s);
  });

  it('serves the exact trace bytes behind the link, as a download named for the capture', async () => {
    const response = await fetch(linkIn(linkText));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`attachment; filename="capture-${INCIDENT_POD}-.*\\.scap\\.gz"`));
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.equals(readFileSync(fixturePath('balancer-502.scap')))).toBe(true);
  });

  it.runIf(sysdigInstalled)('gives a file sysdig -r reads', async () => {
    const bytes = Buffer.from(await (await fetch(linkIn(linkText))).arrayBuffer());
    const file = join(mkdtempSync(join(tmpdir(), 'capturebot-')), 'downloaded.scap.gz');
    writeFileSync(file, bytes);
    const read = spawnSync('sysdig', ['-r', file, '-c', 'httplog'], { encoding: 'utf8' });
    expect(read.status).toBe(0);
    expect(read.stdout).toContain('response_code=502');
  });

  it('leaves no capture pod behind', async () => {
    // The pod goes in the worker's finally, just after the status message says Done.
    await expect.poll(() => world.kube.pods(CAPTURE_NAMESPACE), { timeout: 5_000 }).toEqual([]);
    expect(world.kube.requests.some((r) => r.verb === 'delete' && r.resource === 'pods')).toBe(true);
  });

  it('never writes the presigned link or a secret to its logs', () => {
    const output = app.output();
    expect(output).not.toContain('X-Amz-Signature');
    expect(output).not.toContain(world.env.SLACK_BOT_TOKEN);
    expect(output).not.toContain(world.env.SLACK_SIGNING_SECRET);
    expect(app.logs.some((l) => l.msg === 'link issued')).toBe(true);
  });
});
