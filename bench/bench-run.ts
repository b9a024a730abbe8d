import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchPlan } from './bench-plan.js';
import { prepareLauncher } from './capturebot-launcher.js';
import { ackLatency } from './figures/ack-latency.js';
import { memoryFigure, streamingFigure, timeToLinkFigure } from './figures/link-figures.js';
import { linkRuns } from './figures/link-runs.js';
import { manyAtOnce } from './figures/many-at-once.js';
import { uploadSweep } from './figures/upload-sweep.js';
import { footprintNote, libraryFootprint } from './library-footprint.js';
import { machineFacts } from './machine.js';
import type { BenchResults, FigureResult, Tuning } from './results.js';

export interface BenchOptions {
  readonly build: 'dist' | 'tsx';
  readonly log: (line: string) => void;
}

/** Runs every figure of the plan, one after another (they would skew each other on a small machine). */
export async function runBench(plan: BenchPlan, options: BenchOptions): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const machine = machineFacts();
  const { log } = options;
  const workDir = await mkdtemp(path.join(tmpdir(), 'capturebot-bench-'));
  const launcher = await prepareLauncher(options.build);
  const figures: FigureResult[] = [];
  let tuning: Tuning | undefined;
  try {
    log('1. ack latency');
    figures.push(await ackLatency(launcher, workDir, plan.ack));
    log('3. upload tuning sweep');
    tuning = await uploadSweep(workDir, plan.sweep, plan.probeWarmup, log);
    log('2-4. time to link, streaming, memory');
    const runs = await linkRuns(launcher, workDir, plan.link, plan.idle, log);
    const footprint = plan.footprint ? [footprintNote(libraryFootprint())] : [];
    figures.push(
      timeToLinkFigure(runs),
      streamingFigure(runs, [`upload settings: ${tuning.current.partSizeMiB} MiB parts, ${tuning.current.queueSize} in flight (see the sweep)`]),
      memoryFigure(runs, plan.idle, footprint),
    );
    log('5. many at once');
    figures.push(await manyAtOnce(launcher, workDir, plan.many, plan.idle, log));
  } finally {
    await launcher.close();
    await rm(workDir, { recursive: true, force: true });
  }
  return { mode: plan.mode, startedAt, finishedAt: new Date().toISOString(), machine, capturebotBuild: launcher.build, figures, ...(tuning && { tuning }) };
}
