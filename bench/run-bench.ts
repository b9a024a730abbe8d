import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FULL_PLAN, SMOKE_PLAN } from './bench-plan.js';
import { runBench } from './bench-run.js';
import { markdownReport } from './markdown-report.js';

// npm run bench [-- --smoke] [--build dist|tsx] [--out FILE]
const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    build: { type: 'string' },
    out: { type: 'string' },
  },
});
const plan = values.smoke ? SMOKE_PLAN : FULL_PLAN;
// The full run measures what the image runs; the smoke run only proves the harness, so it skips the build.
const build = values.build ?? (values.smoke ? 'tsx' : 'dist');
if (build !== 'dist' && build !== 'tsx') throw new Error('--build is dist or tsx');
// A smoke run must not overwrite the measured results.
const out = values.out ?? (values.smoke ? path.join(tmpdir(), 'capturebot-bench-smoke.json') : path.join(import.meta.dirname, 'results.json'));

const begun = Date.now();
const results = await runBench(plan, { build, log: (line) => process.stderr.write(`[${((Date.now() - begun) / 1000).toFixed(1)} s] ${line}\n`) });
await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(markdownReport(results));
process.stderr.write(`results written to ${out}\n`);
