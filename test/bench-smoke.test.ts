import { beforeAll, describe, expect, it } from 'vitest';
import { SMOKE_PLAN } from '../bench/bench-plan.js';
import { runBench } from '../bench/bench-run.js';
import { markdownReport } from '../bench/markdown-report.js';
import type { BenchResults } from '../bench/results.js';

// The benchmark itself is not part of the suite (`npm run bench`); this tiny run keeps it from rotting.
describe('when the benchmark runs in smoke mode', () => {
  let results: BenchResults;
  let report: string;

  beforeAll(async () => {
    results = await runBench(SMOKE_PLAN, { build: 'tsx', log: () => {} });
    report = markdownReport(results);
  }, 240_000); // about 20 s on an idle machine; 150 s on this shared 2-core machine at a load average of 7

  it('measures the six figures, in order', () => {
    expect(results.figures.map((f) => f.id)).toEqual(['ack-latency', 'time-to-link', 'streaming', 'memory', 'many-at-once', 'idle-rss']);
  });

  it('gives every figure at least one target and a verdict on it', () => {
    for (const figure of results.figures) {
      const targets = figure.measures.filter((m) => m.target);
      expect(targets.length, figure.id).toBeGreaterThan(0);
      for (const m of targets) expect(typeof m.target!.met, `${figure.id}: ${m.name}`).toBe('boolean');
    }
  });

  it('measured every figure: medians are real numbers from as many runs as planned', () => {
    for (const figure of results.figures) {
      for (const m of figure.measures) {
        expect(Number.isFinite(m.spread.median), `${figure.id}: ${m.name}`).toBe(true);
        expect(m.spread.n, `${figure.id}: ${m.name}`).toBeGreaterThan(0);
      }
    }
    const link = results.figures.find((f) => f.id === 'time-to-link')!;
    expect(link.measures.filter((m) => m.name.startsWith('time to link')).map((m) => m.spread.n)).toEqual(SMOKE_PLAN.link.sizesMiB.map(() => SMOKE_PLAN.link.runs));
  });

  it('got an accepted ack for every command, and with Redis stopped told every requester that nothing was started', () => {
    const ack = results.figures.find((f) => f.id === 'ack-latency')!;
    expect(ack.notes).toEqual([]);
    const runs = ack.runs as { redisUp: { refused: number }[]; redisStopped: { refused: number; untold: number }[] };
    expect(runs.redisUp.map((r) => r.refused)).toEqual([0]);
    expect(runs.redisStopped.map((r) => [r.refused, r.untold])).toEqual([[0, 0]]);
  });

  it('ran every capture of the many-at-once figure to its link', () => {
    const many = results.figures.find((f) => f.id === 'many-at-once')!;
    expect((many.runs as { runs: { failed: number }[] }[]).map((b) => b.runs.map((r) => r.failed))).toEqual([[0]]);
  });

  it('records the upload sweep and the setting it chose', () => {
    expect(results.tuning?.points).toHaveLength(SMOKE_PLAN.sweep.partSizesMiB.length * SMOKE_PLAN.sweep.queueSizes.length);
    expect(results.tuning?.reason).not.toBe('');
  });

  it('prints a Markdown table with the machine, each figure, its target and whether it was met', () => {
    expect(report).toContain(`${results.machine.cores} cores`);
    expect(report).toContain(results.machine.node);
    expect(report).toMatch(/^\| Figure \| Measure \| Median \| Spread/m);
    expect(report.match(/load average \(1\/5\/15 min\) [\d.]+ \/ [\d.]+ \/ [\d.]+ when this figure started/g)).toHaveLength(results.figures.length);
    for (const title of ['Ack latency', 'Time to link', 'Streaming efficiency', 'Worker memory', 'Many at once', 'Idle RSS per role']) expect(report).toContain(title);
    const verdicts = report.match(/\*\*(met|not met)\*\*/g) ?? [];
    expect(verdicts).toHaveLength(results.figures.flatMap((f) => f.measures).filter((m) => m.target).length);
  });
});
