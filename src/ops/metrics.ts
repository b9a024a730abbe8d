import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueueDepth } from '../queue/capture-queue.js';
import { FAILURE_REASONS, type CaptureObserver, type FailureReason } from '../worker/capture-observer.js';

/** Where the gauges read their values at scrape time; a gauge whose source is left out has no samples. */
export interface MetricSources {
  readonly queueDepth?: () => Promise<QueueDepth>;
  readonly approvalsPending?: () => Promise<number>;
  /** CLUSTER_NAME of a process that runs a worker: every series it exports carries `cluster` (a bot-only process has none). */
  readonly cluster?: string;
}

const SOURCE_TIMEOUT_MS = 1_000;

// From a few seconds to the longest capture MAX_DURATION allows by default, plus pod start-up.
const CAPTURE_BUCKETS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800];
const UPLOAD_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

async function read<T>(source: () => Promise<T>): Promise<T | undefined> {
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), SOURCE_TIMEOUT_MS).unref());
  return Promise.race([source().catch(() => undefined), timeout]);
}

/**
 * capturebot's Prometheus metrics in a registry of their own, with Node's
 * default process metrics. The worker reports through CaptureObserver, the
 * bot counts requests; queue depth and pending approvals are read on scrape.
 */
export class CaptureMetrics implements CaptureObserver {
  readonly registry = new Registry();
  readonly #requested: Counter;
  readonly #started: Counter;
  readonly #succeeded: Counter;
  readonly #failed: Counter<'reason'>;
  readonly #captureSeconds: Histogram;
  readonly #uploadSeconds: Histogram;
  readonly #uploadedBytes: Counter;

  constructor(sources: MetricSources = {}) {
    const registers = [this.registry];
    if (sources.cluster !== undefined) this.registry.setDefaultLabels({ cluster: sources.cluster });
    collectDefaultMetrics({ register: this.registry });
    this.#requested = new Counter({ name: 'capturebot_captures_requested_total', help: 'Captures asked for with /capture (valid commands).', registers });
    this.#started = new Counter({ name: 'capturebot_captures_started_total', help: 'Captures whose capture pod a worker asked for.', registers });
    this.#succeeded = new Counter({ name: 'capturebot_captures_succeeded_total', help: 'Captures whose link reached the channel.', registers });
    this.#failed = new Counter({
      name: 'capturebot_captures_failed_total',
      help: 'Captures that failed, by reason: target_not_found, capture_failed, upload_failed, kube_error, cancelled, internal.',
      labelNames: ['reason'],
      registers,
    });
    for (const reason of FAILURE_REASONS) this.#failed.labels(reason).inc(0);
    this.#captureSeconds = new Histogram({
      name: 'capturebot_capture_duration_seconds',
      help: 'From asking for the capture pod to the end of a successful capture (pod start-up included).',
      buckets: CAPTURE_BUCKETS,
      registers,
    });
    this.#uploadSeconds = new Histogram({
      name: 'capturebot_upload_duration_seconds',
      help: 'Time to stream a trace out of its capture pod into S3.',
      buckets: UPLOAD_BUCKETS,
      registers,
    });
    this.#uploadedBytes = new Counter({ name: 'capturebot_uploaded_bytes_total', help: 'Bytes of traces stored in S3.', registers });
    new Gauge({
      name: 'capturebot_queue_depth',
      help: 'Capture jobs in the queue by state: waiting for a worker, active (being captured), delayed.',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        const depth = sources.queueDepth && (await read(sources.queueDepth));
        // Redis unreachable: no sample rather than a made-up zero.
        if (!depth) return;
        for (const [state, count] of Object.entries(depth)) this.labels(state).set(count);
      },
    });
    const approvalsPending = sources.approvalsPending;
    // Only a process with the bot knows approvals: a worker-only one has no such series.
    if (approvalsPending) {
      new Gauge({
        name: 'capturebot_approvals_pending',
        help: 'Capture requests waiting for an approver (NaN when the approvals store cannot be read).',
        registers,
        async collect() {
          this.set((await read(approvalsPending)) ?? Number.NaN);
        },
      });
    }
  }

  requested(): void {
    this.#requested.inc();
  }

  started(): void {
    this.#started.inc();
  }

  captured(seconds: number): void {
    this.#captureSeconds.observe(seconds);
  }

  uploaded(bytes: number, seconds: number): void {
    this.#uploadedBytes.inc(bytes);
    this.#uploadSeconds.observe(seconds);
  }

  succeeded(): void {
    this.#succeeded.inc();
  }

  failed(reason: FailureReason): void {
    this.#failed.labels(reason).inc();
  }

  /** The exposition for GET /metrics. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
