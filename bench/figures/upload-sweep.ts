import { DEFAULT_PART_SIZE_BYTES, DEFAULT_QUEUE_SIZE } from '../../src/storage/s3-trace-store.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, startWorld } from '../../test/support/capturebot-harness.js';
import type { BenchPlan } from '../bench-plan.js';
import type { ProbeRun } from '../probe/probe-io.js';
import { runProbe, throughputMBps } from '../probe/run-probe.js';
import { placeForRawRead } from '../raw-reader-pod.js';
import type { SweepPoint, Tuning } from '../results.js';
import { kbToMB } from '../rss-sampler.js';
import { spread } from '../stats.js';
import { MiB, traceFile } from '../trace-files.js';

/** What an upload may buffer, (queue + 1) parts, must leave room under the 64 MB growth target. */
const BUFFER_BUDGET_MIB = 48;
/** Throughputs this close to the best are not told apart on a shared 2-core machine. */
const NOISE = 0.1;

const bufferMiB = (p: { partSizeMiB: number; queueSize: number }): number => (p.queueSize + 1) * p.partSizeMiB;
const describe = (p: SweepPoint): string => `${p.partSizeMiB} MiB × ${p.queueSize} (${p.throughputMBps.median.toFixed(1)} MB/s, buffers ${bufferMiB(p)} MiB)`;

/** Within the buffer budget, the smallest buffer among the settings as fast as the fastest (within the noise). */
function choose(points: readonly SweepPoint[]): Pick<Tuning, 'chosen' | 'reason'> | undefined {
  const eligible = points.filter((p) => bufferMiB(p) <= BUFFER_BUDGET_MIB);
  const best = Math.max(...eligible.map((p) => p.throughputMBps.median));
  const chosen = eligible
    .filter((p) => p.throughputMBps.median >= best * (1 - NOISE))
    .sort((a, b) => bufferMiB(a) - bufferMiB(b) || b.throughputMBps.median - a.throughputMBps.median)[0];
  if (!chosen) return undefined;
  const fastest = eligible.find((p) => p.throughputMBps.median === best)!;
  return {
    chosen: { partSizeMiB: chosen.partSizeMiB, queueSize: chosen.queueSize },
    reason:
      `of the settings buffering at most ${BUFFER_BUDGET_MIB} MiB ((queue + 1) × part size), the fastest was ${describe(fastest)}; ` +
      `the smallest buffer within ${NOISE * 100}% of it is ${describe(chosen)}, since memory, not speed, is the tighter target`,
  };
}

/**
 * Figure 3's tuning: the worker's upload path (in a probe process) over part sizes and queue sizes,
 * against the raw baseline. Runs go round by round over every setting, so that a machine getting
 * busier or quieter during the sweep shifts all settings alike instead of favouring the last ones.
 */
export async function uploadSweep(workDir: string, plan: BenchPlan['sweep'], warmup: boolean, log: (line: string) => void): Promise<Tuning> {
  const world = await startWorld();
  const settings = plan.partSizesMiB.flatMap((partSizeMiB) => plan.queueSizes.map((queueSize) => ({ partSizeMiB, queueSize })));
  const measured = settings.map(() => [] as ProbeRun[]);
  const rawRuns: ProbeRun[] = [];
  try {
    const bytes = plan.traceMiB * MiB;
    const file = await traceFile(workDir, plan.traceMiB);
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: file }));
    const raw = await placeForRawRead(world, file);
    for (let round = 0; round < plan.runs; round++) {
      rawRuns.push(...(await runProbe('raw', world, { runs: 1, warmup, bytes, raw })));
      for (const [i, { partSizeMiB, queueSize }] of settings.entries()) {
        const product = { namespace: INCIDENT_NAMESPACE, pod: INCIDENT_POD, partSizeBytes: partSizeMiB * MiB, queueSize };
        measured[i]!.push(...(await runProbe('product', world, { runs: 1, warmup, bytes, product })));
      }
      log(`  sweep round ${round + 1} of ${plan.runs} done`);
    }
  } finally {
    await world.close();
  }
  const points: SweepPoint[] = settings.map((s, i) => ({
    ...s,
    throughputMBps: spread(measured[i]!.map(throughputMBps)),
    rssGrowthMB: spread(measured[i]!.map((r) => kbToMB(r.rssPeakKb - r.rssBaselineKb))),
  }));
  const current = { partSizeMiB: DEFAULT_PART_SIZE_BYTES / MiB, queueSize: DEFAULT_QUEUE_SIZE };
  const choice = choose(points) ?? { chosen: current, reason: `no setting buffered at most ${BUFFER_BUDGET_MIB} MiB; the defaults stay` };
  return { traceMiB: plan.traceMiB, rawMBps: spread(rawRuns.map(throughputMBps)), bufferBudgetMiB: BUFFER_BUDGET_MIB, points, current, ...choice };
}
