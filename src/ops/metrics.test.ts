import { describe, expect, it } from 'vitest';
import { FAILURE_REASONS } from '../worker/capture-observer.js';
import { CaptureMetrics } from './metrics.js';

/** The value of one sample in a Prometheus text exposition, or undefined when it is absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const series = labels ? `${name}{${labels}}` : name;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(metrics: CaptureMetrics): Promise<string> {
  return (await metrics.render()).body;
}

describe('the capture metrics', () => {
  it('are served in the Prometheus text format', async () => {
    const { contentType } = await new CaptureMetrics().render();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('start with every failure reason at zero, so dashboards see each series from the first scrape', async () => {
    const text = await scrape(new CaptureMetrics());
    for (const reason of FAILURE_REASONS) expect(sample(text, 'capturebot_captures_failed_total', `reason="${reason}"`)).toBe(0);
    expect(sample(text, 'capturebot_captures_requested_total')).toBe(0);
  });

  it('count requests, starts, successes and failures by reason', async () => {
    const metrics = new CaptureMetrics();
    metrics.requested();
    metrics.requested();
    metrics.requested();
    metrics.started();
    metrics.started();
    metrics.succeeded();
    metrics.failed('target_not_found');
    const text = await scrape(metrics);
    expect(sample(text, 'capturebot_captures_requested_total')).toBe(3);
    expect(sample(text, 'capturebot_captures_started_total')).toBe(2);
    expect(sample(text, 'capturebot_captures_succeeded_total')).toBe(1);
    expect(sample(text, 'capturebot_captures_failed_total', 'reason="target_not_found"')).toBe(1);
    expect(sample(text, 'capturebot_captures_failed_total', 'reason="upload_failed"')).toBe(0);
  });

  it('put capture and upload times in histograms and add up the bytes stored', async () => {
    const metrics = new CaptureMetrics();
    metrics.captured(33);
    metrics.captured(7);
    metrics.uploaded(10_725, 0.4);
    metrics.uploaded(1_000, 3);
    const text = await scrape(metrics);
    expect(sample(text, 'capturebot_capture_duration_seconds_count')).toBe(2);
    expect(sample(text, 'capturebot_capture_duration_seconds_sum')).toBe(40);
    expect(sample(text, 'capturebot_capture_duration_seconds_bucket', 'le="10"')).toBe(1);
    expect(sample(text, 'capturebot_capture_duration_seconds_bucket', 'le="60"')).toBe(2);
    expect(sample(text, 'capturebot_upload_duration_seconds_count')).toBe(2);
    expect(sample(text, 'capturebot_upload_duration_seconds_bucket', 'le="0.5"')).toBe(1);
    expect(sample(text, 'capturebot_uploaded_bytes_total')).toBe(11_725);
  });

  it('read the queue depth when scraped', async () => {
    let depth = { waiting: 3, active: 2, delayed: 0 };
    const metrics = new CaptureMetrics({ queueDepth: async () => depth });
    let text = await scrape(metrics);
    expect(sample(text, 'capturebot_queue_depth', 'state="waiting"')).toBe(3);
    expect(sample(text, 'capturebot_queue_depth', 'state="active"')).toBe(2);
    depth = { waiting: 0, active: 1, delayed: 4 };
    text = await scrape(metrics);
    expect(sample(text, 'capturebot_queue_depth', 'state="waiting"')).toBe(0);
    expect(sample(text, 'capturebot_queue_depth', 'state="delayed"')).toBe(4);
  });

  it('leave the queue depth out, rather than report zero, when the queue cannot be read', async () => {
    const metrics = new CaptureMetrics({ queueDepth: async () => Promise.reject(new Error('Redis is down')) });
    const text = await scrape(metrics);
    expect(text).not.toMatch(/^capturebot_queue_depth\{/m);
    expect(sample(text, 'capturebot_captures_started_total')).toBe(0);
  });

  it('report pending approvals from their store, NaN when it cannot be read, and nothing without one', async () => {
    let pending = 2;
    const metrics = new CaptureMetrics({ approvalsPending: async () => pending });
    expect(sample(await scrape(metrics), 'capturebot_approvals_pending')).toBe(2);
    pending = 0;
    expect(sample(await scrape(metrics), 'capturebot_approvals_pending')).toBe(0);
    expect(await scrape(new CaptureMetrics())).not.toContain('capturebot_approvals_pending');
    const broken = new CaptureMetrics({ approvalsPending: async () => Promise.reject(new Error('Redis is down')) });
    expect(sample(await scrape(broken), 'capturebot_approvals_pending')).toBeNaN();
  });

  it('include the process metrics, and keep a registry per instance so that two never collide', async () => {
    const first = new CaptureMetrics();
    const second = new CaptureMetrics();
    first.requested();
    expect(sample(await scrape(second), 'capturebot_captures_requested_total')).toBe(0);
    expect(await scrape(first)).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(await scrape(first)).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  });

  it("label every series of a worker's process with its cluster", async () => {
    const metrics = new CaptureMetrics({ cluster: 'prod-eu', queueDepth: async () => ({ waiting: 2, active: 1, delayed: 0 }) });
    metrics.started();
    metrics.failed('kube_error');
    const text = await scrape(metrics);
    expect(sample(text, 'capturebot_captures_started_total', 'cluster="prod-eu"')).toBe(1);
    expect(sample(text, 'capturebot_captures_failed_total', 'reason="kube_error",cluster="prod-eu"')).toBe(1);
    expect(sample(text, 'capturebot_queue_depth', 'state="waiting",cluster="prod-eu"')).toBe(2);
  });
});
