import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchPlan } from '../bench-plan.js';
import { startBenchWorld } from '../bench-world.js';
import type { CapturebotLauncher } from '../capturebot-launcher.js';
import type { FigureResult, Measure } from '../results.js';
import { kbToMB, RssSampler } from '../rss-sampler.js';
import { median, plural, spread } from '../stats.js';

const IDLE_TARGET_MB = 120;
const ROLES = ['bot', 'worker'] as const;

/** Figure 6: each role's RSS at rest, started on its own in a fresh process, before any request. */
export async function idleRss(launcher: CapturebotLauncher, workDir: string, plan: BenchPlan['idleRoles'], log: (line: string) => void): Promise<FigureResult> {
  const bench = await startBenchWorld(launcher, workDir);
  const byRole = new Map<string, number[]>(ROLES.map((role) => [role, []]));
  try {
    for (let run = 0; run < plan.runs; run++) {
      for (const role of ROLES) {
        const app = await bench.start(role);
        const sampler = new RssSampler(app.child.pid!);
        await sleep(plan.settleMs);
        const from = Date.now();
        await sleep(plan.windowMs);
        const kb = median(sampler.between(from));
        sampler.stop();
        await app.stop();
        byRole.get(role)!.push(kb);
        log(`  ${role} run ${run + 1}: idle RSS ${Math.round(kb / 1024)} MiB`);
      }
    }
  } finally {
    await bench.close();
  }
  const measures: Measure[] = ROLES.map((role) => {
    const rss = spread(byRole.get(role)!.map(kbToMB));
    return { name: `${role} RSS idle`, unit: 'MB', spread: rss, target: { text: `≤ ${IDLE_TARGET_MB} MB`, judged: 'median of runs', met: rss.median <= IDLE_TARGET_MB } };
  });
  return {
    id: 'idle-rss',
    title: 'Idle RSS per role',
    inputs: [
      `each role (${ROLES.join(', ')}) started alone in a fresh process against the stand-ins, ${plural(plan.runs, 'run')} each; VmRSS sampled every 20 ms, median over ${plan.windowMs} ms starting ${plan.settleMs} ms after "capturebot started", before any request`,
    ],
    measures,
    notes: [],
    runs: Object.fromEntries(byRole),
  };
}
