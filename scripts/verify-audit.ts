/**
 * `npm run verify-audit -- FILE...` (`-` reads stdin): checks the chained
 * audit lines in capturebot logs, mixed with any other lines, and names every
 * gap, edit, reordering and repeat by file and line. Exit code 0 when every
 * chain is whole, 1 on any break, 2 when a file cannot be read.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { describeProblem, verifyAuditChains, type LogLine } from '../src/audit/verify-chain.js';

async function readLines(file: string): Promise<LogLine[]> {
  const input = file === '-' ? process.stdin : createReadStream(file);
  const lines: LogLine[] = [];
  let number = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    number += 1;
    // Only lines that can be audit lines are kept: a log may be large.
    if (text.includes('"audit"')) lines.push({ source: file === '-' ? 'stdin' : file, line: number, text });
  }
  return lines;
}

async function main(files: readonly string[]): Promise<number> {
  if (files.length === 0) {
    console.error('usage: npm run verify-audit -- FILE... (a capturebot log; - reads stdin)');
    return 2;
  }
  const lines: LogLine[] = [];
  for (const file of files) {
    try {
      lines.push(...(await readLines(file)));
    } catch (error) {
      console.error(`${file}: cannot be read: ${(error as Error).message}`);
      return 2;
    }
  }
  const report = verifyAuditChains(lines);
  for (const problem of report.problems) console.log(describeProblem(problem));
  for (const chain of report.chains) console.log(`proc ${chain.proc}: ${chain.lines} audit lines, seq 1 to ${chain.lastSeq}`);
  if (report.chains.length === 0 && report.problems.length === 0) {
    console.log('no audit lines found');
    return 0;
  }
  console.log(report.problems.length === 0 ? 'audit chain intact' : `audit chain broken: ${report.problems.length} problem(s)`);
  return report.problems.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
