/** One batch of figure 5: `captures` captures of `captureSeconds` each, sent at once. */
export interface ManyBatch {
  readonly captures: number;
  readonly traceMiB: number;
  readonly runs: number;
  /** The length each `/capture` asks for. */
  readonly captureSeconds: number;
  /**
   * real: the Kubernetes stand-in plays the capture at its length, as a responder waits for it (judged).
   * compressed: 10 ms per captured second, so what is left is capturebot's overhead and this
   * machine's transfer (shown, not judged).
   */
  readonly clock: 'real' | 'compressed';
}

/** How much each figure measures; `full` is the benchmark, `smoke` proves the harness in seconds. */
export interface BenchPlan {
  readonly mode: 'full' | 'smoke';
  /** Ack rounds run at each level of inFlight with Redis up; the Redis-down rounds at the highest. */
  readonly ack: { readonly commands: number; readonly inFlight: readonly number[]; readonly warmup: number; readonly rounds: number; readonly redisDownRounds: number };
  /** Time to link and memory; the two largest sizes are the memory figure's. */
  readonly link: { readonly sizesMiB: readonly number[]; readonly runs: number };
  /** The part size and queue size sweep of the streaming figure. */
  readonly sweep: { readonly traceMiB: number; readonly partSizesMiB: readonly number[]; readonly queueSizes: readonly number[]; readonly runs: number };
  /** Batches of captures sent at once, each to one worker whose limits are raised to the batch size. */
  readonly many: readonly ManyBatch[];
  /** Idle RSS: wait settleMs after the warm-up capture, then take the median over windowMs. */
  readonly idle: { readonly settleMs: number; readonly windowMs: number };
  /** Figure 6: each role started alone, RSS median over windowMs from settleMs after start. */
  readonly idleRoles: { readonly runs: number; readonly settleMs: number; readonly windowMs: number };
  /** Discard one probe run before measuring (cold page cache, lazy module loading). */
  readonly probeWarmup: boolean;
  /** Measure how much of the idle RSS each library takes. */
  readonly footprint: boolean;
}

export const FULL_PLAN: BenchPlan = {
  mode: 'full',
  ack: { commands: 500, inFlight: [20, 50], warmup: 100, rounds: 5, redisDownRounds: 3 },
  // 256 MiB and 1 GiB: the two sizes of the memory target (issue 15).
  link: { sizesMiB: [1, 256, 1024], runs: 5 },
  sweep: { traceMiB: 100, partSizesMiB: [5, 8, 16], queueSizes: [2, 4, 8], runs: 5 },
  // 5 × 100 MiB: the default limits (WORKER_CONCURRENCY and MAX_CAPTURES are 5) with large traces.
  // The issue's `30s` at its real length is what is judged; the compressed runs keep the overhead visible.
  many: [
    { captures: 50, traceMiB: 10, runs: 3, captureSeconds: 30, clock: 'real' },
    { captures: 5, traceMiB: 100, runs: 3, captureSeconds: 30, clock: 'real' },
    { captures: 50, traceMiB: 10, runs: 1, captureSeconds: 30, clock: 'compressed' },
    { captures: 5, traceMiB: 100, runs: 1, captureSeconds: 30, clock: 'compressed' },
  ],
  idle: { settleMs: 1_500, windowMs: 1_000 },
  idleRoles: { runs: 3, settleMs: 3_000, windowMs: 1_000 },
  probeWarmup: true,
  footprint: true,
};

export const SMOKE_PLAN: BenchPlan = {
  mode: 'smoke',
  ack: { commands: 20, inFlight: [5], warmup: 0, rounds: 1, redisDownRounds: 1 },
  link: { sizesMiB: [1, 2], runs: 1 },
  sweep: { traceMiB: 2, partSizesMiB: [5], queueSizes: [2], runs: 1 },
  many: [{ captures: 3, traceMiB: 1, runs: 1, captureSeconds: 1, clock: 'real' }],
  idle: { settleMs: 200, windowMs: 200 },
  idleRoles: { runs: 1, settleMs: 200, windowMs: 200 },
  probeWarmup: false,
  footprint: false,
};

/** The plan with every part repeated runs times (rounds, runs): a shorter run on a shared machine. */
export function withRuns(plan: BenchPlan, runs: number | undefined): BenchPlan {
  if (runs === undefined) return plan;
  return {
    ...plan,
    ack: { ...plan.ack, rounds: runs, redisDownRounds: runs },
    link: { ...plan.link, runs },
    sweep: { ...plan.sweep, runs },
    many: plan.many.map((batch) => ({ ...batch, runs })),
    idleRoles: { ...plan.idleRoles, runs },
  };
}
