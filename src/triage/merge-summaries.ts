import type { HttpAnomaly } from './http-anomaly.js';
import type { FileErrors, SyscallErrors } from './parse-errors.js';
import type { TriageSummary } from './triage-summary.js';

const MAX_ROUTES = 10;
const MAX_STEPS = 3;
/** summariseTrace's default rows per list. */
const DEFAULT_ROWS = 5;

/** The summary of one node's trace, in a capture that ran on several nodes. */
export interface NodeSummary {
  readonly node: string;
  readonly summary: TriageSummary;
}

const byCount = (a: { count: number }, b: { count: number }) => b.count - a.count;

function mergeSyscallErrors(lists: readonly (readonly SyscallErrors[])[]): SyscallErrors[] {
  const groups = new Map<string, { syscall: string; errno: string; count: number; processes: Map<string, number> }>();
  for (const entry of lists.flat()) {
    const key = `${entry.syscall}|${entry.errno}`;
    const group = groups.get(key) ?? { syscall: entry.syscall, errno: entry.errno, count: 0, processes: new Map() };
    group.count += entry.count;
    for (const process of entry.processes) group.processes.set(process.name, (group.processes.get(process.name) ?? 0) + process.count);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ processes, ...group }) => ({ ...group, processes: [...processes].map(([name, count]) => ({ name, count })).sort(byCount) }))
    .sort(byCount);
}

function mergeFileErrors(lists: readonly (readonly FileErrors[])[]): FileErrors[] {
  const groups = new Map<string, { path: string; count: number; failures: Map<string, { syscall: string; errno: string; count: number }> }>();
  for (const entry of lists.flat()) {
    const group = groups.get(entry.path) ?? { path: entry.path, count: 0, failures: new Map() };
    group.count += entry.count;
    for (const failure of entry.failures) {
      const key = `${failure.syscall}|${failure.errno}`;
      const seen = group.failures.get(key);
      group.failures.set(key, { ...failure, count: (seen?.count ?? 0) + failure.count });
    }
    groups.set(entry.path, group);
  }
  return [...groups.values()].map(({ failures, ...group }) => ({ ...group, failures: [...failures.values()].sort(byCount) })).sort(byCount);
}

/** 5xx answers, then malformed messages, then 4xx answers, most frequent first: the order summariseHttp uses. */
function anomalyRank(anomaly: HttpAnomaly): number {
  if (anomaly.kind !== 'error-status') return 1;
  return anomaly.status >= 500 ? 0 : 2;
}

function sumByKey(records: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const record of records) for (const [key, count] of Object.entries(record)) sum[key] = (sum[key] ?? 0) + count;
  return sum;
}

/** Takes the first item of each list, then the second of each, and so on. */
function interleave<T>(lists: readonly (readonly T[])[]): T[] {
  const longest = Math.max(0, ...lists.map((list) => list.length));
  const out: T[] = [];
  for (let i = 0; i < longest; i += 1) for (const list of lists) if (i < list.length) out.push(list[i] as T);
  return out;
}

/**
 * One summary for a capture that ran on several nodes: lists merged and
 * ranked again, counts added up, the next steps of every node taken in turn
 * (each names its own node's file). Rows kept per list: five, or as many
 * as the longest input list had. A single summary comes back unchanged.
 */
export function mergeSummaries(nodes: readonly NodeSummary[]): TriageSummary {
  if (nodes.length === 1 && nodes[0]) return nodes[0].summary;
  const all = nodes.map((node) => node.summary);
  const keep = <T>(lists: readonly (readonly T[])[]) => Math.max(DEFAULT_ROWS, ...lists.map((list) => list.length));
  const topOf = <T>(lists: readonly (readonly T[])[], order: (a: T, b: T) => number): T[] => lists.flat().sort(order).slice(0, keep(lists));

  const syscalls = all.map((summary) => summary.errors.syscalls);
  const files = all.map((summary) => summary.errors.files);
  const unavailable = new Map(all.flatMap((summary) => summary.unavailable).map((entry) => [`${entry.section}|${entry.reason}`, entry]));
  return {
    topProcesses: {
      byCpu: topOf(all.map((summary) => summary.topProcesses.byCpu), (a, b) => b.cpuPercent - a.cpuPercent),
      byIo: topOf(all.map((summary) => summary.topProcesses.byIo), (a, b) => b.networkBytes + b.fileBytes - (a.networkBytes + a.fileBytes)),
    },
    topConnections: topOf(all.map((summary) => summary.topConnections), (a, b) => b.bytes - a.bytes),
    errors: { syscalls: mergeSyscallErrors(syscalls).slice(0, keep(syscalls)), files: mergeFileErrors(files).slice(0, keep(files)) },
    http: {
      exchangeCount: all.reduce((sum, summary) => sum + summary.http.exchangeCount, 0),
      byStatus: sumByKey(all.map((summary) => summary.http.byStatus)),
      routes: all.flatMap((summary) => summary.http.routes).sort(byCount).slice(0, MAX_ROUTES),
      anomalies: all.flatMap((summary) => summary.http.anomalies).sort((a, b) => anomalyRank(a) - anomalyRank(b) || b.count - a.count),
      eventsAnalysed: all.reduce((sum, summary) => sum + summary.http.eventsAnalysed, 0),
      inputCut: all.some((summary) => summary.http.inputCut),
    },
    nextSteps: interleave(all.map((summary) => summary.nextSteps)).slice(0, MAX_STEPS),
    unavailable: [...unavailable.values()],
  };
}
