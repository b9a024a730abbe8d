import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_PART_SIZE_BYTES, DEFAULT_QUEUE_SIZE } from '../src/storage/s3-trace-store.js';
import type { BenchPlan } from './bench-plan.js';
import { prepareLauncher } from './capturebot-launcher.js';
import { ackLatency } from './figures/ack-latency.js';
import { idleRss } from './figures/idle-rss.js';
import { memoryFigure, streamingFigure, timeToLinkFigure } from './figures/link-figures.js';
import { linkRuns } from './figures/link-runs.js';
import { manyAtOnce } from './figures/many-at-once.js';
import { uploadSweep } from './figures/upload-sweep.js';
import { footprintNote, libraryFootprint } from './library-footprint.js';
import { machineFacts } from './machine.js';
import type { BenchResults, FigureResult, Tuning } from './results.js';

export const PARTS = ['ack', 'sweep', 'link', 'many', 'idle'] as const;
export type BenchPart = (typeof PARTS)[number];

export interface BenchOptions {
  readonly build: 'dist' | 'tsx';
  readonly log: (line: string) => void;
  /** Run only these parts (all by default): ack = figure 1, sweep = the tuning of figure 3, link = figures 2-4, many = figure 5, idle = figure 6. */
  readonly only?: readonly BenchPart[];
}

const load = (): readonly [number, number, number] => machineFacts().loadAverage;

/** The machine may be shared: each figure records how busy it was while that figure ran. */
function withLoad(figure: FigureResult, atStart: readonly [number, number, number]): FigureResult {
  return { ...figure, loadAverage: { atStart, atEnd: load() } };
}

/** Runs every figure of the plan, one after another (they would skew each other on a small machine). */
export async function runBench(plan: BenchPlan, options: BenchOptions): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const machine = machineFacts();
  const { log } = options;
  const runs = (part: BenchPart): boolean => !options.only || options.only.includes(part);
  const workDir = await mkdtemp(path.join(tmpdir(), 'capturebot-bench-'));
  const launcher = await prepareLauncher(runs('ack') || runs('link') || runs('many') || runs('idle') ? options.build : 'tsx');
  const figures: FigureResult[] = [];
  let tuning: Tuning | undefined;
  try {
    if (runs('ack')) {
      log('1. ack latency');
      const at = load();
      figures.push(withLoad(await ackLatency(launcher, workDir, plan.ack), at));
    }
    if (runs('sweep')) {
      log('3. upload tuning sweep');
      tuning = await uploadSweep(workDir, plan.sweep, plan.probeWarmup, log);
    }
    if (runs('link')) {
      log('2-4. time to link, streaming, memory');
      const at = load();
      const linked = await linkRuns(launcher, workDir, plan.link, plan.idle, log);
      const footprint = plan.footprint ? [footprintNote(libraryFootprint())] : [];
      const settings = `upload settings: ${DEFAULT_PART_SIZE_BYTES / 2 ** 20} MiB parts, ${DEFAULT_QUEUE_SIZE} in flight (see the sweep)`;
      figures.push(...[timeToLinkFigure(linked), streamingFigure(linked, [settings]), memoryFigure(linked, plan.idle, footprint)].map((f) => withLoad(f, at)));
    }
    if (runs('many')) {
      log('5. many at once');
      const at = load();
      figures.push(withLoad(await manyAtOnce(launcher, workDir, plan.many, plan.idle, log), at));
    }
    if (runs('idle')) {
      log('6. idle RSS per role');
      const at = load();
      figures.push(withLoad(await idleRss(launcher, workDir, plan.idleRoles, log), at));
    }
  } finally {
    await launcher.close();
    await rm(workDir, { recursive: true, force: true });
  }
  const finishedAt = new Date().toISOString();
  const { loadAverage: loadAverageAtEnd } = machineFacts();
  return { mode: plan.mode, ...(options.only && { onlyParts: options.only }), startedAt, finishedAt, machine, loadAverageAtEnd, capturebotBuild: launcher.build, ...(launcher.nodeOptions !== undefined && { capturebotNodeOptions: launcher.nodeOptions }), ...(launcher.mallocEnv && Object.keys(launcher.mallocEnv).length > 0 && { capturebotMallocEnv: launcher.mallocEnv }), figures, ...(tuning && { tuning }) };
}
