import type { MachineFacts } from './machine.js';
import type { Spread } from './stats.js';

/** A target and whether this run met it; `judged` says which statistic was compared. */
export interface Target {
  readonly text: string;
  readonly judged: string;
  readonly met: boolean;
}

export interface Measure {
  readonly name: string;
  readonly unit: string;
  readonly spread: Spread;
  readonly target?: Target;
}

export interface FigureResult {
  readonly id: 'ack-latency' | 'time-to-link' | 'streaming' | 'memory' | 'many-at-once' | 'idle-rss';
  readonly title: string;
  /** What went in, in words a reader can reproduce. */
  readonly inputs: readonly string[];
  readonly measures: readonly Measure[];
  readonly notes: readonly string[];
  /** The load average (1/5/15 min) when this figure started and ended: other work on the machine shows here. */
  readonly loadAverage?: { readonly atStart: readonly [number, number, number]; readonly atEnd: readonly [number, number, number] };
  /** Per-run raw numbers, for results.json only. */
  readonly runs?: unknown;
}

export interface SweepPoint {
  readonly partSizeMiB: number;
  readonly queueSize: number;
  readonly throughputMBps: Spread;
  /** Peak RSS growth of the uploading process over its idle RSS. */
  readonly rssGrowthMB: Spread;
}

export interface Tuning {
  readonly traceMiB: number;
  /** The raw baseline over the same trace, for the ratio of each point. */
  readonly rawMBps: Spread;
  readonly bufferBudgetMiB: number;
  readonly points: readonly SweepPoint[];
  readonly chosen: { readonly partSizeMiB: number; readonly queueSize: number };
  readonly current: { readonly partSizeMiB: number; readonly queueSize: number };
  readonly reason: string;
}

export interface BenchResults {
  readonly mode: 'full' | 'smoke';
  /** The parts run when not all were (`--only`). */
  readonly onlyParts?: readonly string[];
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: MachineFacts;
  /** Other work on the machine shows up here: the load average when the run ended. */
  readonly loadAverageAtEnd: readonly [number, number, number];
  /** How capturebot itself ran: a compiled build (as in the image) or the sources through tsx. */
  readonly capturebotBuild: 'dist' | 'tsx';
  /** The NODE_OPTIONS the compiled build ran with (the image's); absent in runs recorded before issue 15. */
  readonly capturebotNodeOptions?: string;
  /** The image's allocator settings (MALLOC_*) the compiled build ran with; absent before issue 15's fourth round. */
  readonly capturebotMallocEnv?: Record<string, string>;
  readonly figures: readonly FigureResult[];
  readonly tuning?: Tuning;
}

export function targetsMet(figure: FigureResult): boolean {
  return figure.measures.every((m) => m.target === undefined || m.target.met);
}
