import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { APPROVE, auditLines, clickButton, waitForCard } from '../support/approvals.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { pausedCaptureQueue } from '../support/fault-steps.js';

const TOKEN = 'am-token-0123456789abcdef0123456789';
const POLICY = `
defaults:
  approval: required
rules:
  - name: system
    namespaces: ["kube-system"]
    deny: system pods are not captured
  - name: tickets
    namespaces: ["ticket-*"]
    requesters: [U0SRE]
    maxDuration: 1m
alerts:
  - name: ticket-errors
    match:
      alertname: HighErrorRate
      severity: page
    channel: C0INCIDENT
    duration: 30s
    approval: none
    maxPerHour: 2
  - name: ticket-latency
    match:
      alertname: "High*Latency"
    channel: C0LATENCY
    duration: 20s
  - name: system-errors
    match:
      alertname: SystemErrors
    channel: C0SYSTEM
    approval: none
  - name: too-long
    match:
      alertname: LongOne
    channel: C0LONG
    duration: 2m
    approval: none
  - name: slow-burn
    match:
      alertname: SlowBurn
    channel: C0SLOW
    approval: none
`;

interface AlertInput {
  readonly labels: Record<string, string>;
  readonly status?: 'firing' | 'resolved';
  readonly fingerprint: string;
  readonly summary?: string;
  readonly endsAt?: string;
}

/** A notification as Alertmanager's webhook receiver sends it (payload version 4). */
function notification(alerts: readonly AlertInput[]) {
  const status = alerts.some((a) => (a.status ?? 'firing') === 'firing') ? 'firing' : 'resolved';
  return {
    receiver: 'capturebot',
    status,
    alerts: alerts.map((a) => ({
      status: a.status ?? 'firing',
      labels: a.labels,
      annotations: a.summary ? { summary: a.summary } : {},
      startsAt: '2026-12-03T14:00:00.000Z',
      endsAt: a.endsAt ?? '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.monitoring:9090/graph?g0.expr=rate%28haproxy_http_responses_total%7Bcode%3D%225xx%22%7D%5B1m%5D%29',
      fingerprint: a.fingerprint,
    })),
    groupLabels: { alertname: alerts[0]?.labels.alertname ?? '' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.monitoring:9093',
    version: '4',
    groupKey: '{}:{alertname="HighErrorRate"}',
    truncatedAlerts: 0,
  };
}

async function post(app: CapturebotProcess, body: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${app.port}/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as { error?: string; status?: string }) : {}, elapsedMs: performance.now() - started };
}

const ERRORS = { alertname: 'HighErrorRate', severity: 'page', namespace: INCIDENT_NAMESPACE, deployment: 'ticket-balancer' };

describe('captures started by Alertmanager', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld({ policy: POLICY });
    app = await startApp(world, 'all', { ALERTMANAGER_TOKEN: TOKEN });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('refuses a request without the bearer token, or with another, and never logs the token', async () => {
    const body = JSON.stringify(notification([{ labels: ERRORS, fingerprint: 'a1' }]));
    expect((await post(app, body, {})).status).toBe(401);
    expect((await post(app, body, { authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);
    expect((await post(app, body, { authorization: TOKEN })).status).toBe(401);
    expect(world.slack.channelMessages('C0INCIDENT')).toHaveLength(0);
    expect(app.output()).not.toContain(TOKEN);
  });

  it('answers bad input with a 4xx and the reason, never a 5xx', async () => {
    const malformed = await post(app, '{"version": "4", "alerts": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/^malformed JSON/);
    const wrongVersion = await post(app, JSON.stringify({ ...notification([{ labels: ERRORS, fingerprint: 'a1' }]), version: '3' }));
    expect(wrongVersion).toMatchObject({ status: 400, body: { error: expect.stringContaining('version must be "4"') } });
    const noFingerprint = await post(app, JSON.stringify({ version: '4', status: 'firing', alerts: [{ status: 'firing', labels: ERRORS, startsAt: 'x' }] }));
    expect(noFingerprint).toMatchObject({ status: 400, body: { error: expect.stringContaining('alerts.0.fingerprint') } });
    const huge = await post(app, JSON.stringify({ ...notification([]), padding: 'x'.repeat(1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(world.slack.channelMessages('C0INCIDENT')).toHaveLength(0);
  });

  describe('a firing alert that names a deployment', () => {
    let first: Awaited<ReturnType<typeof post>>;
    let link: string;

    beforeAll(async () => {
      first = await post(app, JSON.stringify(notification([{ labels: ERRORS, fingerprint: 'a1', summary: 'ticket-balancer answers 502 to 40% of requests' }])));
      const reply = await world.slack.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0INCIDENT' && Boolean(c.args.thread_ts) && String(c.args.text).includes('http'), { timeoutMs: 30_000 });
      link = String(reply.args.text);
    }, 60_000);

    it('is answered within a second, once recorded', () => {
      expect(first.status).toBe(200);
      expect(first.body.status).toBe('recorded');
      expect(first.elapsedMs).toBeLessThan(1_000);
    });

    it("posts a status message in the rule's channel naming the alert, its rule, its summary and source, and the pods", () => {
      const [message] = world.slack.channelMessages('C0INCIDENT');
      const text = message!.history[0]!.text;
      expect(text).toContain('An alert *HighErrorRate* (rule `ticket-errors`) is capturing');
      expect(text).toContain('for 30s');
      expect(text).toContain('_ticket-balancer answers 502 to 40% of requests_');
      expect(text).toContain('<http://prometheus.monitoring:9090/graph?g0.expr=');
      expect(text).toContain(INCIDENT_POD);
      expect(link).toContain('capture-deployment-ticket-balancer-node-a-');
    });

    it('captures although the namespace rule lists requesters: the alert rule is the policy author\'s own grant', async () => {
      await world.slack.waitFor((c) => c.method === 'chat.update' && c.args.channel === 'C0INCIDENT' && String(c.args.text).includes('Done'), { timeoutMs: 20_000 });
    });

    it('audits the requester as alertmanager/<rule> with the fingerprint', () => {
      const requested = auditLines(app).find((l) => l.audit === 'requested' && l.requester === 'alertmanager/ticket-errors');
      expect(requested).toMatchObject({ who: 'alertmanager/ticket-errors', channel: 'C0INCIDENT', alert: { alertname: 'HighErrorRate', fingerprint: 'a1' } });
      expect(String(requested!.rule)).toContain('alert rule "ticket-errors"');
    });

    it('takes a repeat of the same alert within the cooldown as the same capture', async () => {
      const again = await post(app, JSON.stringify(notification([{ labels: ERRORS, fingerprint: 'a1' }])));
      expect(again.status).toBe(200);
      await app.waitForLog((l) => l.msg === 'alert repeated within its cooldown: same capture');
      expect(world.slack.channelMessages('C0INCIDENT')).toHaveLength(1);
    });
  });

  it('/capture list shows the alert captures beside typed ones', async () => {
    const typed = await world.slack.sendSlashCommand(eventsUrl(app), { text: 'list', userId: 'U0SRE', channelId: 'C0INCIDENT' });
    const [answer] = await world.slack.waitForResponses(typed.responseUrl, { timeoutMs: 10_000 });
    const text = String((answer!.body as { text: string }).text);
    expect(text).toContain('`alertmanager/ticket-errors`');
    expect(text).toContain('deployment `ticket-balancer` in namespace `ticket-generator`');
  });

  it('starts nothing for an alert that names no target, and says so in one log line', async () => {
    const answer = await post(app, JSON.stringify(notification([{ labels: { alertname: 'HighErrorRate', severity: 'page', namespace: INCIDENT_NAMESPACE }, fingerprint: 'b2' }])));
    expect(answer.status).toBe(200);
    const line = await app.waitForLog((l) => String(l.msg).startsWith('alert names no capture target'));
    expect(line.msg).toContain('names no pod, deployment, statefulset or daemonset label');
    expect(world.slack.channelMessages('C0INCIDENT')).toHaveLength(1);
  });

  it("keeps the namespace's deny: an alert cannot do what a person could not", async () => {
    await post(app, JSON.stringify(notification([{ labels: { alertname: 'SystemErrors', namespace: 'kube-system', pod: 'coredns-0' }, fingerprint: 'c3' }])));
    const refusal = await world.slack.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0SYSTEM');
    expect(String(refusal.args.text)).toContain('An alert *SystemErrors* (rule `system-errors`) started no capture');
    expect(String(refusal.args.text)).toContain('Namespace kube-system is closed to captures by rule "system": system pods are not captured');
  });

  it("keeps the namespace's maxDuration", async () => {
    await post(app, JSON.stringify(notification([{ labels: { alertname: 'LongOne', namespace: INCIDENT_NAMESPACE, pod: INCIDENT_POD }, fingerprint: 'c4' }])));
    const refusal = await world.slack.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0LONG');
    expect(String(refusal.args.text)).toContain('1m is the most for namespace ticket-generator');
  });

  it('asks for approval when the rule says so, and anyone may approve an alert', async () => {
    await post(app, JSON.stringify(notification([{ labels: { alertname: 'HighP99Latency', namespace: INCIDENT_NAMESPACE, pod: INCIDENT_POD }, fingerprint: 'd5' }])));
    const card = await waitForCard(world, 'C0LATENCY');
    const text = card.history[0]!.text;
    expect(text).toContain(':lock: An alert *HighP99Latency* (rule `ticket-latency`) asks to capture');
    expect(JSON.stringify(card.history[0]!.blocks)).toContain('anyone in this channel');
    const click = await clickButton(world, app, card, 'U0ANYONE', APPROVE);
    expect(click.status).toBe(200);
    const status = await world.slack.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0LATENCY' && String(c.args.text).includes('is capturing'));
    expect(String(status.args.text)).toContain('for 20s');
  });

  it('past maxPerHour starts nothing and posts one note, not one per alert', async () => {
    const capturing = () => world.slack.channelMessages('C0INCIDENT').filter((m) => m.history[0]!.text.includes('is capturing'));
    await post(app, JSON.stringify(notification([{ labels: ERRORS, fingerprint: 'e6' }])));
    await expect.poll(() => capturing().length, { timeout: 10_000 }).toBe(2);
    await post(app, JSON.stringify(notification([{ labels: ERRORS, fingerprint: 'e7' }, { labels: ERRORS, fingerprint: 'e8' }])));
    const note = await world.slack.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0INCIDENT' && String(c.args.text).includes('maxPerHour'));
    expect(String(note.args.text)).toContain('Alert rule `ticket-errors` has started 2 captures in the last hour');
    await app.waitForLog((l) => l.msg === 'alert rule past maxPerHour; nothing started' && l.fingerprint === 'e8');
    const notes = world.slack.channelMessages('C0INCIDENT').filter((m) => m.history[0]!.text.includes('maxPerHour'));
    expect(notes).toHaveLength(1);
    expect(capturing()).toHaveLength(2);
  });

  describe('a resolved alert whose capture still waits or runs', () => {
    let captures: Queue;
    beforeAll(async () => {
      captures = await pausedCaptureQueue(world);
    });
    afterAll(async () => {
      await captures.resume();
      await captures.close();
    });

    it("gets one line in the status message's thread", async () => {
      const labels = { alertname: 'SlowBurn', namespace: INCIDENT_NAMESPACE, pod: INCIDENT_POD };
      await post(app, JSON.stringify(notification([{ labels, fingerprint: 'f9' }])));
      const status = await world.slack.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0SLOW' && String(c.args.text).includes('is capturing'), {
        timeoutMs: 15_000,
      });
      const statusTs = world.slack.channelMessages('C0SLOW')[0]!.ts;
      expect(String(status.args.text)).toContain('Queued');
      const resolved = await post(app, JSON.stringify(notification([{ labels, fingerprint: 'f9', status: 'resolved', endsAt: '2026-12-03T14:05:00Z' }])));
      expect(resolved.status).toBe(200);
      const line = await world.slack.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0SLOW' && c.args.thread_ts === statusTs, { timeoutMs: 15_000 });
      expect(String(line.args.text)).toContain('SlowBurn resolved at 2026-12-03 14:05 UTC');
    });
  });

  it('is off (404) when ALERTMANAGER_TOKEN is unset', async () => {
    const bot = await startApp(world, 'bot');
    try {
      const answer = await post(bot, JSON.stringify(notification([{ labels: ERRORS, fingerprint: 'g1' }])));
      expect(answer.status).toBe(404);
    } finally {
      await bot.stop();
    }
  });
});
