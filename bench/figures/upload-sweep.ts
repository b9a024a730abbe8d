import { DEFAULT_PART_SIZE_BYTES, DEFAULT_QUEUE_SIZE } from '../../src/storage/s3-trace-store.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, startWorld } from '../../test/support/capturebot-harness.js';
import type { BenchPlan } from '../bench-plan.js';
import { runProbe, throughputMBps } from '../probe/run-probe.js';
import { placeForRawRead } from '../raw-reader-pod.js';
import type { SweepPoint, Tuning } from '../results.js';
import { kbToMB } from '../rss-sampler.js';
import { spread, type Spread } from '../stats.js';
import { MiB, traceFile } from '../trace-files.js';

/** What an upload may buffer, (queue + 1) parts, must leave room under the 64 MB growth target. */
const BUFFER_BUDGET_MIB = 48;
/** Differences smaller than this are noise on a shared 2-core machine: keep the current defaults then. */
const NOISE = 0.05;

const fits = (p: { partSizeMiB: number; queueSize: number }): boolean => (p.queueSize + 1) * p.partSizeMiB <= BUFFER_BUDGET_MIB;

function choose(points: readonly SweepPoint[], current: Tuning['current']): Pick<Tuning, 'chosen' | 'reason'> {
  const eligible = points.filter(fits).sort((a, b) => b.throughputMBps.median - a.throughputMBps.median);
  const best = eligible[0];
  if (!best) return { chosen: current, reason: 'no setting fitted the buffer budget; defaults kept' };
  const mine = points.find((p) => p.partSizeMiB === current.partSizeMiB && p.queueSize === current.queueSize);
  const bestText = `${best.partSizeMiB} MiB × ${best.queueSize} (${best.throughputMBps.median.toFixed(1)} MB/s)`;
  if (mine && fits(mine) && mine.throughputMBps.median >= best.throughputMBps.median * (1 - NOISE)) {
    return {
      chosen: current,
      reason: `the defaults (${current.partSizeMiB} MiB × ${current.queueSize}, ${mine.throughputMBps.median.toFixed(1)} MB/s) are within ${NOISE * 100}% of the fastest setting that buffers at most ${BUFFER_BUDGET_MIB} MiB, ${bestText}`,
    };
  }
  return {
    chosen: { partSizeMiB: best.partSizeMiB, queueSize: best.queueSize },
    reason: `fastest setting that buffers at most ${BUFFER_BUDGET_MIB} MiB ((queue + 1) × part): ${bestText}`,
  };
}

/** Figure 3's tuning: the worker's upload path (in a probe process) over part sizes and queue sizes, against the raw baseline. */
export async function uploadSweep(workDir: string, plan: BenchPlan['sweep'], warmup: boolean, log: (line: string) => void): Promise<Tuning> {
  const world = await startWorld();
  const points: SweepPoint[] = [];
  let raw: Spread;
  try {
    const bytes = plan.traceMiB * MiB;
    const file = await traceFile(workDir, plan.traceMiB);
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: file }));
    const rawRuns = await runProbe('raw', world, { runs: plan.runs, warmup, bytes, raw: await placeForRawRead(world, file) });
    raw = spread(rawRuns.map(throughputMBps));
    log(`  raw baseline: ${raw.median.toFixed(1)} MB/s`);
    for (const partSizeMiB of plan.partSizesMiB) {
      for (const queueSize of plan.queueSizes) {
        const product = { namespace: INCIDENT_NAMESPACE, pod: INCIDENT_POD, partSizeBytes: partSizeMiB * MiB, queueSize };
        const runs = await runProbe('product', world, { runs: plan.runs, warmup, bytes, product });
        const point = { partSizeMiB, queueSize, throughputMBps: spread(runs.map(throughputMBps)), rssGrowthMB: spread(runs.map((r) => kbToMB(r.rssPeakKb - r.rssBeforeKb))) };
        points.push(point);
        log(`  ${partSizeMiB} MiB × ${queueSize}: ${point.throughputMBps.median.toFixed(1)} MB/s, RSS +${point.rssGrowthMB.median.toFixed(0)} MB`);
      }
    }
  } finally {
    await world.close();
  }
  const current = { partSizeMiB: DEFAULT_PART_SIZE_BYTES / MiB, queueSize: DEFAULT_QUEUE_SIZE };
  return { traceMiB: plan.traceMiB, rawMBps: raw, bufferBudgetMiB: BUFFER_BUDGET_MIB, points, current, ...choose(points, current) };
}
