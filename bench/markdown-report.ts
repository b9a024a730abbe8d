import type { BenchResults, FigureResult, Measure, Tuning } from './results.js';
import type { Spread } from './stats.js';

function number(value: number, unit: string): string {
  if (Number.isNaN(value)) return 'n/a';
  if (unit === '×') return value.toFixed(2);
  if (unit === 'ms') return value >= 10_000 ? value.toFixed(0) : value.toFixed(value < 10 ? 1 : 0);
  return value.toFixed(value < 10 ? 1 : 0);
}

function range(s: Spread, unit: string): string {
  return s.n <= 1 ? `(n=${s.n})` : `${number(s.min, unit)} – ${number(s.max, unit)} (n=${s.n})`;
}

function row(figure: FigureResult, index: number, m: Measure, first: boolean): string {
  const met = m.target ? (m.target.met ? '**met**' : '**not met**') : '';
  const target = m.target ? `${m.target.text} (${m.target.judged})` : '';
  const cells = [first ? `${index}. ${figure.title}` : '', m.name.trim(), `${number(m.spread.median, m.unit)} ${m.unit}`, range(m.spread, m.unit), target, met];
  return `| ${cells.join(' | ')} |`;
}

function tuningTable(t: Tuning): string[] {
  const lines = [
    `Upload tuning sweep (${t.traceMiB} MiB trace, the worker's upload path in a probe process; raw baseline ${t.rawMBps.median.toFixed(1)} MB/s):`,
    '',
    '| part size | parts in flight | buffers up to | throughput (median, range) | ÷ raw baseline | probe RSS growth (median) |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const p of t.points) {
    const mark = [
      p.partSizeMiB === t.current.partSizeMiB && p.queueSize === t.current.queueSize ? 'defaults' : '',
      p.partSizeMiB === t.chosen.partSizeMiB && p.queueSize === t.chosen.queueSize ? 'pick' : '',
    ].filter(Boolean);
    lines.push(
      `| ${p.partSizeMiB} MiB${mark.length ? ` (${mark.join(', ')})` : ''} | ${p.queueSize} | ${(p.queueSize + 1) * p.partSizeMiB} MiB | ${p.throughputMBps.median.toFixed(1)} MB/s, ${range(p.throughputMBps, 'MB/s')} | ${(p.throughputMBps.median / t.rawMBps.median).toFixed(2)} | ${p.rssGrowthMB.median.toFixed(0)} MB |`,
    );
  }
  const verdict = t.chosen.partSizeMiB === t.current.partSizeMiB && t.chosen.queueSize === t.current.queueSize ? 'keep the defaults' : 'change the defaults';
  lines.push('', `This sweep's pick: ${t.chosen.partSizeMiB} MiB parts, ${t.chosen.queueSize} in flight (${verdict}: ${t.current.partSizeMiB} MiB, ${t.current.queueSize} in the code). Why: ${t.reason}.`);
  return lines;
}

const minutes = (r: BenchResults): string => ((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 60_000).toFixed(1);

/** The run as Markdown: machine, one table of every figure against its target, inputs, tuning, notes. */
export function markdownReport(results: BenchResults): string {
  const m = results.machine;
  const lines = [
    `### capturebot benchmarks, ${results.mode} run${results.onlyParts ? ` (only ${results.onlyParts.join(', ')})` : ''} of ${results.startedAt}`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, Linux ${m.kernel}, Node ${m.node}; load average (1/5/15 min) ${m.loadAverage.join(' / ')} at the start, ${results.loadAverageAtEnd.join(' / ')} at the end (${minutes(results)} min later).`,
    `capturebot ran ${results.capturebotBuild === 'dist' ? `from the build the image runs (\`npm run build\`: a type-check and an esbuild bundle, \`node dist/main.js\`, NODE_ENV=production${results.capturebotNodeOptions ? `, NODE_OPTIONS=\`${results.capturebotNodeOptions}\`` : ''}${Object.entries(results.capturebotMallocEnv ?? {}).map(([k, v]) => `, ${k}=${v}`).join('')}), as the image runs it` : 'from the sources through tsx, as the tests run it'}.`,
    '',
    '| Figure | Measure | Median | Spread (min – max, runs) | Target | |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  results.figures.forEach((figure, i) => figure.measures.forEach((measure, j) => lines.push(row(figure, i + 1, measure, j === 0))));
  lines.push('', 'Inputs:', '');
  results.figures.forEach((figure, i) => {
    lines.push(`${i + 1}. **${figure.title}**: ${figure.inputs.join('; ')}.`);
    for (const note of figure.notes) lines.push(`   - ${note}`);
    const load = figure.loadAverage;
    if (load) lines.push(`   - load average (1/5/15 min) ${load.atStart.join(' / ')} when this figure started, ${load.atEnd.join(' / ')} when it ended`);
  });
  if (results.tuning) lines.push('', ...tuningTable(results.tuning));
  return `${lines.join('\n')}\n`;
}
