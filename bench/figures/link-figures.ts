import type { BenchPlan } from '../bench-plan.js';
import type { FigureResult, Measure } from '../results.js';
import { kbToMB } from '../rss-sampler.js';
import { plural, spread } from '../stats.js';
import { MiB, sizeLabel } from '../trace-files.js';
import type { LinkRun } from './link-runs.js';

const OVERHEAD_TARGET_MS = 2_000;
const RATIO_TARGET = 0.9;
const GROWTH_TARGET_MB = 64;
const SAME_FOR_BOTH_MB = 16;

const sizesOf = (runs: readonly LinkRun[]): number[] => [...new Set(runs.map((r) => r.sizeMiB))];
const of = (runs: readonly LinkRun[], sizeMiB: number): LinkRun[] => runs.filter((r) => r.sizeMiB === sizeMiB);
/** The memory and streaming figures are about large traces: the two largest sizes measured. */
const largeSizes = (runs: readonly LinkRun[]): number[] => sizesOf(runs).sort((a, b) => a - b).slice(-2);
const growthMB = (r: LinkRun): number => kbToMB(r.peakRssKb - r.idleRssKb);
const mbps = (sizeMiB: number, ms: number): number => (sizeMiB * MiB) / 1e6 / (ms / 1000);

/** Figure 2: from "capture finished" to the link in Slack, and how much of it is not the transfer. */
export function timeToLinkFigure(runs: readonly LinkRun[]): FigureResult {
  const measures: Measure[] = [];
  for (const size of sizesOf(runs)) {
    const mine = of(runs, size);
    const overhead = spread(mine.map((r) => r.timeToLinkMs - r.transferMs));
    measures.push(
      { name: `time to link, ${sizeLabel(size)}`, unit: 'ms', spread: spread(mine.map((r) => r.timeToLinkMs)) },
      { name: `  of which the transfer, ${sizeLabel(size)}`, unit: 'ms', spread: spread(mine.map((r) => r.transferMs)) },
      {
        name: `  time to link minus transfer, ${sizeLabel(size)}`,
        unit: 'ms',
        spread: overhead,
        target: { text: `≤ ${OVERHEAD_TARGET_MS} ms`, judged: 'median of runs', met: overhead.median <= OVERHEAD_TARGET_MS },
      },
    );
  }
  return {
    id: 'time-to-link',
    title: 'Time to link',
    inputs: [
      `traces of ${sizesOf(runs).map(sizeLabel).join(', ')} (deterministic incompressible bytes, written once to a temporary directory); ${plural(runs.length / Math.max(1, sizesOf(runs).length), 'run')} each, a fresh worker process per run`,
      "start: the benchmark tells the simulated kubelet the capture finished (scenario finish 'manual' + finishCapture), once the worker has reported 'Capturing'",
      'end: the arrival at the Slack stand-in of the first Web API call carrying the presigned link',
      "transfer: the worker's 'Uploading' status update → its 'trace uploaded' log line (exec stream → S3 multipart upload, complete included)",
    ],
    measures,
    notes: [],
    runs: runs.map((r) => ({ sizeMiB: r.sizeMiB, timeToLinkMs: r.timeToLinkMs, transferMs: r.transferMs })),
  };
}

/** Figure 3: the worker's transfer rate as a share of the raw baseline's, run by run. */
export function streamingFigure(runs: readonly LinkRun[], extraNotes: readonly string[]): FigureResult {
  const measures: Measure[] = [];
  for (const size of largeSizes(runs)) {
    const mine = of(runs, size);
    const ratio = spread(mine.map((r) => r.rawMs / r.transferMs));
    measures.push(
      { name: `worker throughput, ${sizeLabel(size)}`, unit: 'MB/s', spread: spread(mine.map((r) => mbps(size, r.transferMs))) },
      { name: `raw baseline throughput, ${sizeLabel(size)}`, unit: 'MB/s', spread: spread(mine.map((r) => mbps(size, r.rawMs))) },
      { name: `raw baseline RSS growth (it buffers without backpressure), ${sizeLabel(size)}`, unit: 'MB', spread: spread(mine.map((r) => kbToMB(r.rawGrowthKb))) },
      { name: `  ratio worker / baseline, ${sizeLabel(size)}`, unit: '×', spread: ratio, target: { text: `≥ ${RATIO_TARGET}`, judged: 'median of runs', met: ratio.median >= RATIO_TARGET } },
    );
  }
  return {
    id: 'streaming',
    title: 'Streaming efficiency',
    inputs: [
      "worker: the transfer of figure 2 (capturebot's exec stream with backpressure → SHA-256 on the way → S3TraceStore multipart upload)",
      "raw baseline, measured just before each worker run in its own process: the same file `cat` through client-node's Exec into a PassThrough, uploaded by a plain lib-storage Upload with its defaults (5 MiB parts, 4 at a time), same S3 client settings; no capturebot code",
    ],
    measures,
    notes: [...extraNotes],
    runs: runs.map((r) => ({ sizeMiB: r.sizeMiB, transferMs: r.transferMs, rawMs: r.rawMs, rawGrowthKb: r.rawGrowthKb })),
  };
}

/** Figure 4: how much the worker's RSS grows while it streams, for the two largest traces. */
export function memoryFigure(runs: readonly LinkRun[], idle: BenchPlan['idle'], footprintNotes: readonly string[]): FigureResult {
  const sizes = largeSizes(runs);
  const measures: Measure[] = [
    { name: 'worker RSS right after start', unit: 'MB', spread: spread(runs.map((r) => kbToMB(r.startRssKb))) },
    { name: 'worker RSS idle (after one warm-up capture)', unit: 'MB', spread: spread(runs.map((r) => kbToMB(r.idleRssKb))) },
  ];
  const medians: number[] = [];
  for (const size of sizes) {
    const growth = spread(of(runs, size).map(growthMB));
    medians.push(growth.median);
    measures.push(
      { name: `peak RSS while streaming, ${sizeLabel(size)}`, unit: 'MB', spread: spread(of(runs, size).map((r) => kbToMB(r.peakRssKb))) },
      { name: `  growth over idle, ${sizeLabel(size)}`, unit: 'MB', spread: growth, target: { text: `≤ ${GROWTH_TARGET_MB} MB`, judged: 'median of runs', met: growth.median <= GROWTH_TARGET_MB } },
    );
  }
  if (sizes.length === 2) {
    const difference = Math.abs(medians[1]! - medians[0]!);
    measures.push({
      name: `  growth difference, ${sizeLabel(sizes[1]!)} vs ${sizeLabel(sizes[0]!)}`,
      unit: 'MB',
      spread: spread([difference]),
      target: { text: `≤ ${SAME_FOR_BOTH_MB} MB`, judged: 'difference of the medians', met: difference <= SAME_FOR_BOTH_MB },
    });
  }
  return {
    id: 'memory',
    title: 'Worker memory',
    inputs: [
      'VmRSS of the worker process from /proc/PID/status, sampled every 20 ms by the benchmark',
      `idle: median over ${idle.windowMs} ms, ${idle.settleMs} ms after a warm-up capture of 1 MiB; peak: the largest sample from "capture finished" to the link`,
    ],
    measures,
    notes: [...footprintNotes],
    runs: runs.map((r) => ({ sizeMiB: r.sizeMiB, startRssKb: r.startRssKb, idleRssKb: r.idleRssKb, peakRssKb: r.peakRssKb })),
  };
}
