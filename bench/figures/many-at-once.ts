import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { INCIDENT_NAMESPACE } from '../../test/support/capturebot-harness.js';
import type { CapturebotProcess } from '../../test/support/capturebot-process.js';
import type { BenchPlan, ManyBatch } from '../bench-plan.js';
import { eventsUrl, startBenchWorld, type BenchWorld } from '../bench-world.js';
import type { CapturebotLauncher } from '../capturebot-launcher.js';
import type { FigureResult, Measure } from '../results.js';
import { kbToMB, RssSampler } from '../rss-sampler.js';
import { carriesLink, isStage, sendCapture, waitForCapture, waitForEnd } from '../slack-capture.js';
import { median, plural, spread } from '../stats.js';
import { sizeLabel, traceFile } from '../trace-files.js';

interface ManyRun {
  readonly aloneMs: number;
  readonly wallMs: number;
  /** Request → 'Starting capture pod', the slowest of the batch. */
  readonly slowestStartMs: number;
  /** Captures that had not started when the first link was posted. */
  readonly startedAfterFirstLink: number;
  readonly failed: number;
  /** chat.update calls from the first request to the last capture's end: what Slack's rate limit sees. */
  readonly statusUpdates: number;
  readonly idleRssKb: number;
  readonly peakRssKb: number;
}

const nodeName = (i: number): string => `node-${String(i + 1).padStart(2, '0')}`;
const podName = (i: number): string => `bench-target-${String(i + 1).padStart(2, '0')}`;

interface Outcome {
  readonly sentAt: number;
  readonly startedAt: number;
  readonly linkAt: number;
  readonly ok: boolean;
}

/** Real ms the Kubernetes stand-in takes per captured second on each clock. */
const MS_PER_CAPTURED_SECOND: Record<ManyBatch['clock'], number> = { real: 1000, compressed: 10 };
/** Long enough to load what the first capture loads, short enough not to add a capture's length to every run. */
const WARMUP_SECONDS = 1;

async function capture(bench: BenchWorld, bot: CapturebotProcess, index: number, channel: string, seconds: number): Promise<Outcome> {
  const { slack } = bench.world;
  const sent = await sendCapture(slack, eventsUrl(bot), { text: `${podName(index)} -n ${INCIDENT_NAMESPACE} ${seconds}s`, userId: 'U0BENCH', channelId: channel });
  if (!sent.captureId) throw new Error(`bench: capture ${index} not accepted: ${sent.text}`);
  const id = sent.captureId;
  const started = await waitForCapture(slack, id, (c) => isStage(c, 'starting'), 120_000);
  const link = await waitForCapture(slack, id, carriesLink, 180_000 + seconds * 1000);
  const end = await waitForEnd(slack, id, 120_000);
  return { sentAt: sent.sentAt, startedAt: started.at, linkAt: link.at, ok: isStage(end, 'done') };
}

/** BENCH_MAX_UPLOADS tries another MAX_UPLOADS; unset, the worker's default applies. */
const maxUploads = (): Record<string, string> => (process.env.BENCH_MAX_UPLOADS ? { MAX_UPLOADS: process.env.BENCH_MAX_UPLOADS } : {});

/** One batch size: a fresh worker per run, a warm-up and a lone capture, then the whole batch at once. */
async function batchRuns(launcher: CapturebotLauncher, workDir: string, batch: ManyBatch, idle: BenchPlan['idle'], log: (line: string) => void): Promise<ManyRun[]> {
  const nodes = ['node-a', 'node-b', ...Array.from({ length: batch.captures }, (_, i) => nodeName(i))];
  const bench = await startBenchWorld(launcher, workDir, { nodes, timeScale: MS_PER_CAPTURED_SECOND[batch.clock] });
  // Each capture targets one pod on one node: MAX_NODES_PER_CAPTURE=1 keeps the limits consistent for small batches too.
  const limits = { WORKER_CONCURRENCY: String(batch.captures), MAX_CAPTURES: String(batch.captures), MAX_CAPTURES_PER_NODE: '1', MAX_NODES_PER_CAPTURE: '1', ...maxUploads() };
  const runs: ManyRun[] = [];
  try {
    for (let i = 0; i < batch.captures; i++) bench.world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: podName(i), nodeName: nodeName(i) });
    const file = await traceFile(workDir, batch.traceMiB);
    bench.world.kube.setScenario(() => ({ kind: 'trace', traceFile: file }));
    const bot = await bench.start('bot');
    for (let run = 0; run < batch.runs; run++) {
      const worker = await bench.start('worker', limits);
      const sampler = new RssSampler(worker.child.pid!);
      try {
        await capture(bench, bot, 0, `C0MANYWARM${run}`, WARMUP_SECONDS);
        const alone = await capture(bench, bot, 0, `C0MANYALONE${run}`, batch.captureSeconds);
        await sleep(idle.settleMs);
        const idleFrom = Date.now();
        await sleep(idle.windowMs);
        const idleRssKb = median(sampler.between(idleFrom));
        const batchFrom = Date.now();
        const updatesBefore = bench.world.slack.calls('chat.update').length;
        const outcomes = await Promise.all(Array.from({ length: batch.captures }, (_, i) => capture(bench, bot, i, `C0MANY${run}X${i}`, batch.captureSeconds)));
        const firstLink = Math.min(...outcomes.map((o) => o.linkAt));
        const result: ManyRun = {
          aloneMs: alone.linkAt - alone.sentAt,
          wallMs: Math.max(...outcomes.map((o) => o.linkAt)) - Math.min(...outcomes.map((o) => o.sentAt)),
          slowestStartMs: Math.max(...outcomes.map((o) => o.startedAt - o.sentAt)),
          startedAfterFirstLink: outcomes.filter((o) => o.startedAt > firstLink).length,
          failed: outcomes.filter((o) => !o.ok).length,
          statusUpdates: bench.world.slack.calls('chat.update').length - updatesBefore,
          idleRssKb,
          peakRssKb: Math.max(...sampler.between(batchFrom)),
        };
        runs.push(result);
        log(`  ${batchLabel(batch)} run ${run + 1}: alone ${result.aloneMs} ms, all at once ${result.wallMs} ms, slowest start ${result.slowestStartMs} ms, peak RSS ${Math.round(result.peakRssKb / 1024)} MiB, ${result.statusUpdates} status updates`);
      } finally {
        sampler.stop();
        await worker.stop();
        // BENCH_LOG_DIR keeps each worker's log, to time its stages capture by capture.
        const logDir = process.env.BENCH_LOG_DIR;
        if (logDir) {
          await mkdir(logDir, { recursive: true });
          await writeFile(path.join(logDir, `worker-${batch.captures}x${batch.traceMiB}-${batch.clock}-${run + 1}.log`), worker.output());
        }
      }
    }
  } finally {
    await bench.close();
  }
  return runs;
}

// Issue 15: many captures on as many nodes take about the time of one, in bounded memory.
const WALL_RATIO_TARGET = 2;
const PEAK_RSS_TARGET_MB = 400;

/** What ran, in the table's words: the compressed runs say they measure overhead, not what a responder waits. */
function batchLabel(batch: ManyBatch): string {
  const size = `${batch.captures} × ${sizeLabel(batch.traceMiB)}`;
  return batch.clock === 'real' ? `${size}, ${batch.captureSeconds} s captures` : `overhead, ${size} (${batch.captureSeconds} s played in ${batch.captureSeconds * MS_PER_CAPTURED_SECOND.compressed} ms)`;
}

/** A target only on the real clock: on the compressed one, the ratio measures this machine's bandwidth. */
function judgedTarget(batch: ManyBatch, target: NonNullable<Measure['target']>): Pick<Measure, 'target'> {
  return batch.clock === 'real' ? { target } : {};
}

function batchMeasures(batch: ManyBatch, runs: readonly ManyRun[]): Measure[] {
  const late = runs.reduce((n, r) => n + r.startedAfterFirstLink, 0);
  const failed = runs.reduce((n, r) => n + r.failed, 0);
  const label = batchLabel(batch);
  const ratio = spread(runs.map((r) => r.wallMs / r.aloneMs));
  const peak = spread(runs.map((r) => kbToMB(r.peakRssKb)));
  return [
    { name: `${label}: one capture alone, request → link`, unit: 'ms', spread: spread(runs.map((r) => r.aloneMs)) },
    { name: `${label}: all at once, first request → last link`, unit: 'ms', spread: spread(runs.map((r) => r.wallMs)) },
    {
      name: `  ${label}: wall time ÷ one alone`,
      unit: '×',
      spread: ratio,
      ...judgedTarget(batch, { text: `≤ ${WALL_RATIO_TARGET} ×`, judged: 'median of runs', met: ratio.median <= WALL_RATIO_TARGET }),
    },
    {
      name: `  ${label}: slowest start (request → "Starting capture pod")`,
      unit: 'ms',
      spread: spread(runs.map((r) => r.slowestStartMs)),
      ...judgedTarget(batch, { text: 'every capture starts before any link is posted, and ends Done', judged: 'every run', met: late === 0 && failed === 0 }),
    },
    { name: `${label}: status message updates (chat.update), all at once`, unit: 'calls', spread: spread(runs.map((r) => r.statusUpdates)) },
    { name: `${label}: worker RSS idle`, unit: 'MB', spread: spread(runs.map((r) => kbToMB(r.idleRssKb))) },
    {
      name: `${label}: peak worker RSS, all at once`,
      unit: 'MB',
      spread: peak,
      ...judgedTarget(batch, { text: `≤ ${PEAK_RSS_TARGET_MB} MB`, judged: 'median of runs', met: peak.median <= PEAK_RSS_TARGET_MB }),
    },
  ];
}

function clockInput(batch: ManyBatch): string {
  const ms = MS_PER_CAPTURED_SECOND[batch.clock];
  return batch.clock === 'real'
    ? `${batch.captureSeconds} s captures at their real length (the Kubernetes stand-in plays ${ms} ms per captured second): what a responder waits for; judged`
    : `overhead: the same ${batch.captureSeconds} s captures played in ${batch.captureSeconds * ms} ms (${ms} ms per captured second), so what is left is capturebot's overhead and this machine's transfer; not judged`;
}

/**
 * Figure 5: many captures on many nodes at once, one worker with its limits raised to take them all
 * (the issue's 50 small ones, then a few large ones at the default limits, for the memory they need).
 */
export async function manyAtOnce(
  launcher: CapturebotLauncher,
  workDir: string,
  batches: BenchPlan['many'],
  idle: BenchPlan['idle'],
  log: (line: string) => void,
): Promise<FigureResult> {
  const measured: { batch: ManyBatch; runs: ManyRun[] }[] = [];
  for (const batch of batches) measured.push({ batch, runs: await batchRuns(launcher, workDir, batch, idle, log) });
  const late = measured.reduce((n, m) => n + m.runs.reduce((k, r) => k + r.startedAfterFirstLink, 0), 0);
  const failed = measured.reduce((n, m) => n + m.runs.reduce((k, r) => k + r.failed, 0), 0);
  return {
    id: 'many-at-once',
    title: 'Many at once',
    inputs: [
      ...batches.map(
        (b) =>
          `${b.captures} captures of ${sizeLabel(b.traceMiB)} each on ${b.captures} simulated nodes (one target pod per node), all ${b.captures} commands sent at once; ${clockInput(b)}; WORKER_CONCURRENCY=MAX_CAPTURES=${b.captures}, MAX_CAPTURES_PER_NODE=1, MAX_NODES_PER_CAPTURE=1, ${process.env.BENCH_MAX_UPLOADS ? `MAX_UPLOADS=${process.env.BENCH_MAX_UPLOADS}` : 'MAX_UPLOADS at its default'}; ${plural(b.runs, 'run')}, a fresh worker each`,
      ),
      `alone: the same capture with nothing else running, after one warm-up capture of ${WARMUP_SECONDS} s, request → link`,
    ],
    measures: measured.flatMap((m) => batchMeasures(m.batch, m.runs)),
    notes: [
      ...(late > 0 ? [`${late} captures started only after another's link was posted: they waited for a slot`] : []),
      ...(failed > 0 ? [`${failed} captures failed`] : []),
    ],
    runs: measured.map((m) => ({ ...m.batch, runs: m.runs })),
  };
}
