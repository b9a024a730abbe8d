import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePodName } from '../../src/capture/names.js';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { APP_TOKEN, BOT_TOKEN, CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, SIGNING_SECRET, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { linkReplies, requestCapture, waitForStatus } from '../support/fault-steps.js';
import { fixturePath } from '../support/fixtures.js';
import { signedFormHeaders } from '../support/slack/index.js';

const KiB = 1024;
const IGNORED = 'ignored a request capturebot has no handler for';

describe('when Slack, or someone pretending to be it, sends what capturebot does not expect', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    app = await startApp(world, 'all', { LOG_LEVEL: 'trace' });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  /** POSTs body on a connection of its own, as a client that sends it all and waits for the answer. */
  function post(body: string, signed: boolean): Promise<number> {
    const headers = signed ? signedFormHeaders(SIGNING_SECRET, body) : { 'content-type': 'application/x-www-form-urlencoded' };
    return new Promise((resolve, reject) => {
      const req = request(eventsUrl(app), { method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  const form = (text: string) => new URLSearchParams({ command: '/capture', text, user_id: 'U0RESPONDER', channel_id: 'C0BIG', team_id: 'T0CAPTURE1', response_url: 'http://127.0.0.1:9/x', trigger_id: '1.2.3' }).toString();

  it('refuses a body over 64 KiB with 413 before reading it as a request, signed or not', async () => {
    const huge = form(`${INCIDENT_POD} -- ${'x'.repeat(65 * KiB)}`);
    expect(await post(huge, true)).toBe(413);
    expect(await post(`payload=${'%7B'.repeat(400 * KiB)}`, false)).toBe(413);
    expect(world.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C0BIG')).toEqual([]);
    expect(app.logs.some((l) => String(l.msg).includes('exceeded the maximum allowed size'))).toBe(true);
  });

  it('still reads a body just under the limit, and refuses a filter that long on its merits', async () => {
    const result = await world.slack.sendSlashCommand(eventsUrl(app), { text: `${INCIDENT_POD} -- ${'x'.repeat(60 * KiB)}`, userId: 'U0RESPONDER', channelId: 'C0BIG' });
    expect(result.status).toBe(200);
    expect((result.body as { text: string }).text).toContain('at most 1000 are accepted');
  });

  it('acks and ignores, with a log line, a slash command it does not handle', async () => {
    const result = await world.slack.sendSlashCommand(eventsUrl(app), { command: '/deploy', text: 'everything', userId: 'U0RESPONDER', channelId: 'C0UNKNOWN' });
    expect(result.status).toBe(200);
    expect(result.body).toBe('');
    const line = await app.waitForLog((l) => l.msg === IGNORED && l.id === '/deploy');
    expect(line.kind).toBe('slash command');
    expect(world.slack.calls().filter((c) => c.args.channel === 'C0UNKNOWN')).toEqual([]);
  });

  it('acks and ignores, with a log line, a button it does not know', async () => {
    const result = await world.slack.sendInteraction(eventsUrl(app), {
      type: 'block_actions',
      user: { id: 'U0RESPONDER' },
      channel: { id: 'C0UNKNOWN' },
      actions: [{ action_id: 'delete_everything', value: '01JDQ3V8X6M2T9R4K7C5N1B0FZ' }],
    });
    expect(result.status).toBe(200);
    const line = await app.waitForLog((l) => l.msg === IGNORED && l.id === 'delete_everything');
    expect(line.kind).toBe('action');
  });

  it('never writes a token, a signing secret, an AWS key or a presigned link to its logs, in a whole run', async () => {
    // A run that touches every path: a capture with its link, a failed one, a cancelled one, refusals.
    const done = 'C0LOGDONE';
    await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, done);
    await waitForStatus(world, done, /Done: /, 30_000);
    const link = /<(https?:\/\/[^|>]+)\|/.exec(linkReplies(world, done)[0]!.text)![1]!.replace(/&amp;/g, '&');
    world.kube.setScenario(() => ({ kind: 'capture-fails', exitCode: 1, logLines: ['Unable to load the driver'] }));
    await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, 'C0LOGFAIL');
    await waitForStatus(world, 'C0LOGFAIL', /Failed/, 30_000);
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
    const cancelled = await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, 'C0LOGCANCEL');
    await waitForStatus(world, 'C0LOGCANCEL', /Capturing/);
    await world.slack.sendSlashCommand(eventsUrl(app), { text: `cancel ${cancelled}`, userId: 'U0RESPONDER', channelId: 'C0LOGCANCEL' });
    await waitForStatus(world, 'C0LOGCANCEL', /Cancelled/);
    await expect.poll(() => world.kube.pod(CAPTURE_NAMESPACE, capturePodName(cancelled)), { timeout: 10_000 }).toBeUndefined();
    await world.slack.sendSlashCommand(eventsUrl(app), { text: 'nginx -w /etc/passwd', userId: 'U0RESPONDER', channelId: 'C0LOGBAD' });

    const output = app.output();
    const kubeToken = /token: (\S+)/.exec(world.kube.kubeconfigYaml)![1]!;
    const secrets: Record<string, string> = {
      'the bot token': BOT_TOKEN,
      'the signing secret': SIGNING_SECRET,
      'the AWS access key id': world.env.AWS_ACCESS_KEY_ID!,
      'the AWS secret key': world.env.AWS_SECRET_ACCESS_KEY!,
      'the Kubernetes token': kubeToken,
      'the presigned link': link,
      'a link signature': 'X-Amz-Signature',
      'a link credential': 'X-Amz-Credential',
    };
    expect(output.length).toBeGreaterThan(10_000);
    for (const [what, secret] of Object.entries(secrets)) {
      expect(output.includes(secret), `${what} appears in the logs`).toBe(false);
    }
  }, 90_000);
});

describe('when the bot runs in Socket Mode with every log line on', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld({ socketMode: true });
    app = await startApp(world, 'all', { LOG_LEVEL: 'trace' });
    await world.slack.waitForSocket();
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('never writes the app-level token or the bot token to its logs', async () => {
    await world.slack.socketSlashCommand({ text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, userId: 'U0RESPONDER', channelId: 'C0SOCKETLOG' });
    await world.slack.waitFor('chat.postMessage');
    const output = app.output();
    expect(output).toContain('capturebot started');
    expect(output.includes(APP_TOKEN), 'the app-level token appears in the logs').toBe(false);
    expect(output.includes(BOT_TOKEN), 'the bot token appears in the logs').toBe(false);
  });
});
