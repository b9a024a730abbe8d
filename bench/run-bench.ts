import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FULL_PLAN, SMOKE_PLAN, withRuns } from './bench-plan.js';
import { PARTS, runBench, type BenchPart } from './bench-run.js';
import { markdownReport } from './markdown-report.js';
import type { BenchResults } from './results.js';

// npm run bench [-- --smoke] [--build dist|tsx] [--only ack,sweep,link,many,idle] [--runs N] [--sizes 1,256] [--out FILE]
// npm run bench -- --report bench/results.json   (prints the table of a recorded run, measures nothing)
const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    build: { type: 'string' },
    out: { type: 'string' },
    only: { type: 'string' },
    report: { type: 'string' },
    runs: { type: 'string' },
    // The trace sizes (MiB) of figures 2-4, e.g. to try a setting on 256 MiB alone.
    sizes: { type: 'string' },
  },
});
if (values.report) {
  process.stdout.write(markdownReport(JSON.parse(await readFile(values.report, 'utf8')) as BenchResults));
  process.exit(0);
}
const only = values.only?.split(',').map((part) => part.trim());
const unknown = only?.filter((part) => !(PARTS as readonly string[]).includes(part));
if (unknown?.length) throw new Error(`--only takes ${PARTS.join(', ')}; not ${unknown.join(', ')}`);
const runs = values.runs === undefined ? undefined : Number(values.runs);
if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1)) throw new Error('--runs takes a whole number of runs, at least 1');
const sizes = values.sizes?.split(',').map(Number);
if (sizes?.some((size) => !(Number.isInteger(size) && size >= 1))) throw new Error('--sizes takes trace sizes in whole MiB, e.g. 1,256');
const planned = withRuns(values.smoke ? SMOKE_PLAN : FULL_PLAN, runs);
const plan = sizes ? { ...planned, link: { ...planned.link, sizesMiB: sizes } } : planned;
// The full run measures what the image runs; the smoke run only proves the harness, so it skips the build.
const build = values.build ?? (values.smoke ? 'tsx' : 'dist');
if (build !== 'dist' && build !== 'tsx') throw new Error('--build is dist or tsx');
// Only a full run of every part replaces the recorded results.
const partial = values.smoke || only !== undefined || runs !== undefined || sizes !== undefined;
const out = values.out ?? (partial ? path.join(tmpdir(), 'capturebot-bench-partial.json') : path.join(import.meta.dirname, 'results.json'));

const begun = Date.now();
const results = await runBench(plan, { build, ...(only && { only: only as BenchPart[] }), log: (line) => process.stderr.write(`[${((Date.now() - begun) / 1000).toFixed(1)} s] ${line}\n`) });
await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(markdownReport(results));
process.stderr.write(`results written to ${out}\n`);
