import { z } from 'zod';
import { CHAIN_START, lineHash } from './audit-chain.js';

/** One line of a log file, where it was read. */
export interface LogLine {
  /** File name, as the user gave it. */
  readonly source: string;
  /** 1-based. */
  readonly line: number;
  readonly text: string;
}

export type ChainProblem =
  | { readonly kind: 'unchained'; readonly at: LogLine }
  | { readonly kind: 'gap'; readonly proc: string; readonly missing: readonly [number, number]; readonly after?: LogLine; readonly before: LogLine }
  | { readonly kind: 'reordered'; readonly proc: string; readonly at: LogLine; readonly seq: number; readonly afterSeq: number }
  | { readonly kind: 'repeated'; readonly proc: string; readonly at: LogLine; readonly seq: number; readonly first: LogLine }
  | { readonly kind: 'edited'; readonly proc: string; readonly at: LogLine; readonly seq: number; readonly next?: LogLine };

export interface ChainSummary {
  readonly proc: string;
  readonly lines: number;
  readonly lastSeq: number;
}

export interface ChainReport {
  readonly chains: readonly ChainSummary[];
  readonly problems: readonly ChainProblem[];
}

const chainedLine = z.object({
  audit: z.string(),
  proc: z.string().min(1),
  seq: z.number().int().positive(),
  prev: z.string().regex(/^[0-9a-f]{64}$/),
});

interface Link {
  readonly at: LogLine;
  readonly seq: number;
  readonly prev: string;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Checks the audit chains in log lines that may hold anything else too (other
 * log lines, text that is not JSON). Lines are grouped by `proc`; within one,
 * every `seq` from 1 up must appear once, in order, and each line's `prev`
 * must be the sha256 of the line numbered one less. So a deleted line shows
 * as a gap, an edited one as a hash that no longer matches (named at the
 * edited line, found through the next line's `prev`), a swap as a
 * reordering, a copied line as a repeat, and an audit line without chain
 * fields as unchained. Not detectable from the lines alone: lines cut off
 * after a chain's last one, and an edit of that last line.
 */
export function verifyAuditChains(lines: Iterable<LogLine>): ChainReport {
  const byProc = new Map<string, Link[]>();
  const problems: ChainProblem[] = [];
  const position = new Map<LogLine, number>();
  for (const at of lines) {
    position.set(at, position.size);
    const value = parsed(at.text);
    if (typeof value !== 'object' || value === null || !('audit' in value)) continue;
    const chained = chainedLine.safeParse(value);
    if (!chained.success) {
      problems.push({ kind: 'unchained', at });
      continue;
    }
    const { proc, seq, prev } = chained.data;
    const links = byProc.get(proc) ?? [];
    links.push({ at, seq, prev });
    byProc.set(proc, links);
  }
  const chains: ChainSummary[] = [];
  for (const [proc, links] of byProc) {
    problems.push(...checkChain(proc, links));
    chains.push({ proc, lines: links.length, lastSeq: Math.max(...links.map((l) => l.seq)) });
  }
  // In the order of the lines they are found at, across files.
  const at = (problem: ChainProblem) => position.get(problem.kind === 'gap' ? problem.before : problem.at) ?? 0;
  return { chains, problems: problems.sort((a, b) => at(a) - at(b)) };
}

function checkChain(proc: string, links: readonly Link[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const bySeq = new Map<number, Link>();
  let highest = 0;
  for (const link of links) {
    const first = bySeq.get(link.seq);
    if (first !== undefined) {
      problems.push({ kind: 'repeated', proc, at: link.at, seq: link.seq, first: first.at });
      continue;
    }
    bySeq.set(link.seq, link);
    if (link.seq < highest) problems.push({ kind: 'reordered', proc, at: link.at, seq: link.seq, afterSeq: highest });
    highest = Math.max(highest, link.seq);
  }
  const seqs = [...bySeq.keys()].sort((a, b) => a - b);
  let expected = 1;
  for (const seq of seqs) {
    const link = bySeq.get(seq)!;
    if (seq > expected) {
      const after = bySeq.get(expected - 1)?.at;
      problems.push({ kind: 'gap', proc, missing: [expected, seq - 1], ...(after !== undefined && { after }), before: link.at });
    }
    expected = seq + 1;
    // The hash proves the line before it; the first line proves it starts the chain.
    const before = bySeq.get(seq - 1);
    if (seq === 1 && link.prev !== CHAIN_START) problems.push({ kind: 'edited', proc, at: link.at, seq });
    if (before !== undefined && lineHash(before.at.text) !== link.prev) problems.push({ kind: 'edited', proc, at: before.at, seq: before.seq, next: link.at });
  }
  return problems;
}

function where(at: LogLine): string {
  return `${at.source}:${at.line}`;
}

/** One line per problem, naming the file and line. */
export function describeProblem(problem: ChainProblem): string {
  switch (problem.kind) {
    case 'unchained':
      return `${where(problem.at)}: an audit line without proc, seq and prev: added by hand, or written by a capturebot without chained audit lines`;
    case 'gap': {
      const [from, to] = problem.missing;
      const lines = from === to ? `line seq ${from} is` : `lines seq ${from} to ${to} are`;
      const between = problem.after !== undefined ? `between ${where(problem.after)} and ${where(problem.before)}` : `before ${where(problem.before)}`;
      return `${where(problem.before)}: proc ${problem.proc}: gap: audit ${lines} missing ${between} (deleted, or in a file not given)`;
    }
    case 'reordered':
      return `${where(problem.at)}: proc ${problem.proc}: reordered: seq ${problem.seq} comes after seq ${problem.afterSeq}`;
    case 'repeated':
      return `${where(problem.at)}: proc ${problem.proc}: repeated: seq ${problem.seq} already appeared at ${where(problem.first)}`;
    case 'edited':
      return problem.next !== undefined
        ? `${where(problem.at)}: proc ${problem.proc}: edited: seq ${problem.seq} no longer hashes to the prev that seq ${problem.seq + 1} at ${where(problem.next)} carries`
        : `${where(problem.at)}: proc ${problem.proc}: edited: seq 1 does not start a chain (its prev is not ${CHAIN_START.slice(0, 8)}…)`;
  }
}
