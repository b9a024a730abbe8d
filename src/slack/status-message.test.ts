import { describe, expect, it } from 'vitest';
import type { CaptureStatus } from '../capture/capture-status.js';
import { expectGolden } from '../../test/support/golden.js';
import { statusMessage, type CaptureRequestView } from './status-message.js';

const request: CaptureRequestView = {
  captureId: '01JDQ3V8X6M2T9R4K7C5N1B0FZ',
  pod: 'ticket-balancer-5967c66fb4-qnzj6',
  namespace: 'ticket-generator',
  durationSeconds: 30,
  snaplen: 80,
  driver: 'modern-bpf',
  requestedBy: 'U0REQUEST',
  channel: 'C0INCIDENT',
  requestedAt: '2026-11-27T17:50:00.000Z',
};

const stages: Record<CaptureStatus['stage'] | 'failed-with-log', CaptureStatus> = {
  queued: { stage: 'queued' },
  starting: { stage: 'starting', node: 'node-a' },
  capturing: { stage: 'capturing', node: 'node-a', elapsedSeconds: 12, totalSeconds: 30 },
  'upload-waiting': { stage: 'upload-waiting', node: 'node-a', place: 3 },
  uploading: { stage: 'uploading', node: 'node-a' },
  summarising: { stage: 'summarising', node: 'node-a' },
  done: { stage: 'done', node: 'node-a', sizeBytes: 22_296 },
  failed: { stage: 'failed', reason: 'pod ticket-balancer-5967c66fb4-qnzj6 not found in namespace ticket-generator' },
  'failed-with-log': { stage: 'failed', reason: 'sysdig exited with code 1', detail: 'Unable to load the driver\n<!channel> ```' },
  'not-started': { stage: 'not-started', reason: 'the capture queue (Redis) is unavailable' },
  waiting: { stage: 'waiting', reason: 'node node-a already runs 1 capture (MAX_CAPTURES_PER_NODE is 1)' },
  cancelled: { stage: 'cancelled', by: 'U0CANCEL' },
};

describe('statusMessage', () => {
  it('says who captures which pod, in which namespace, for how long', () => {
    const { text } = statusMessage(request, stages.queued);
    expect(text).toContain('<@U0REQUEST>');
    expect(text).toContain('`ticket-balancer-5967c66fb4-qnzj6`');
    expect(text).toContain('`ticket-generator`');
    expect(text).toContain('for 30s');
  });

  it.each(Object.entries(stages))('renders the %s stage like its golden file', (stage, status) => {
    expectGolden(statusMessage(request, status), new URL(`./testdata/status-message.${stage}.golden.json`, import.meta.url));
  });

  it('shows elapsed and total seconds while capturing', () => {
    expect(statusMessage(request, stages.capturing).text).toContain('12s / 30s');
  });

  it('says nothing was started when queueing failed', () => {
    expect(statusMessage(request, stages['not-started']).text).toMatch(/Not started.*Redis.*Nothing was started/s);
  });

  it('quotes a log tail as a code block that its own text cannot break or use to ping', () => {
    const { text } = statusMessage(request, stages['failed-with-log']);
    expect(text).toContain("```Unable to load the driver\n&lt;!channel&gt; '''```");
  });

  it('says a captured trace waits to upload, and its place in line', () => {
    expect(statusMessage(request, stages['upload-waiting']).text).toContain('Captured on node `node-a`; waiting to upload, number 3 in line');
    expect(statusMessage(request, { stage: 'upload-waiting', node: 'node-a', place: 1 }).text).toContain('waiting to upload, next in line');
  });

  it('says what a waiting capture waits for', () => {
    expect(statusMessage(request, stages.waiting).text).toContain('Waiting: node node-a already runs 1 capture');
  });

  it('names who cancelled a capture', () => {
    expect(statusMessage(request, stages.cancelled).text).toContain('Cancelled by <@U0CANCEL>');
  });

  it('adds a note below the status, escaped, without changing the status line', () => {
    const { text, blocks } = statusMessage(request, stages.done, 'the janitor deleted capture pod <x> & left nothing');
    const lines = text.split('\n');
    expect(lines[1]).toBe(statusMessage(request, stages.done).text.split('\n')[1]);
    expect(lines[2]).toBe(':broom: the janitor deleted capture pod &lt;x&gt; &amp; left nothing');
    expect(blocks).toHaveLength(4);
  });

  it('escapes a filter so it cannot inject mentions or links', () => {
    const { text } = statusMessage({ ...request, filter: 'fd.name contains <!channel> & `x`' }, stages.queued);
    expect(text).toContain("`fd.name contains &lt;!channel&gt; &amp; 'x'`");
    expect(text).not.toContain('<!channel>');
  });
});

describe('statusMessage of a capture an alert asked for', () => {
  const alert = {
    rule: 'ticket-errors',
    alertname: 'HighErrorRate',
    fingerprint: '0f1e2d3c',
    summary: 'ticket-balancer-5967c66fb4-qnzj6 answers 5xx to 12 requests/s',
    generatorURL: 'http://prometheus.monitoring:9090/graph?g0.expr=up',
    startsAt: '2026-12-03T14:00:00Z',
  };
  const byAlert: CaptureRequestView = { ...request, requestedBy: 'alertmanager/ticket-errors', alert };

  it('names the alert and its rule instead of a person, then its summary and a link to its source (as the README shows)', () => {
    const [head, detail] = statusMessage(byAlert, stages.queued).text.split('\n').filter((line) => line.startsWith(':rotating_light:'));
    expect(head).toBe(
      ':rotating_light: An alert *HighErrorRate* (rule `ticket-errors`) is capturing pod `ticket-balancer-5967c66fb4-qnzj6` in namespace `ticket-generator` for 30s (snaplen 80, driver modern-bpf)',
    );
    expect(detail).toBe(':rotating_light: _ticket-balancer-5967c66fb4-qnzj6 answers 5xx to 12 requests/s_ · <http://prometheus.monitoring:9090/graph?g0.expr=up|source>');
  });

  it.each([
    ['javascript:alert(1)', ':rotating_light: _s_'],
    ['http://evil/<!channel>|x', ':rotating_light: _s_ · <http://evil/%3C!channel%3E%7Cx|source>'],
  ])('links only http(s) sources, and never lets one break out of its link: %s', (generatorURL, line) => {
    const text = statusMessage({ ...byAlert, alert: { ...alert, summary: 's', generatorURL } }, stages.queued).text;
    expect(text.split('\n')).toContain(line);
  });

  it('escapes an alert name that carries mrkdwn', () => {
    const text = statusMessage({ ...byAlert, alert: { ...alert, alertname: '<!channel> *x*' } }, stages.queued).text;
    expect(text).not.toContain('<!channel>');
  });
});
