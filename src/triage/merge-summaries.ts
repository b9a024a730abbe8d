import { mergeAnomalies, mergeNextSteps, mergeRoutes } from './merge-findings.js';
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

function sumByKey(records: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const record of records) for (const [key, count] of Object.entries(record)) sum[key] = (sum[key] ?? 0) + count;
  return sum;
}

/**
 * One summary for a capture that ran on several nodes: lists merged and
 * ranked again, counts added up, every HTTP finding saying which nodes showed
 * it (merge-findings.ts), processes and connections naming their node, the
 * next steps of every node taken in turn (each names its own node's file).
 * Rows kept per list: five, or as many as the longest input list had. A
 * single summary comes back unchanged.
 */
export function mergeSummaries(nodes: readonly NodeSummary[]): TriageSummary {
  if (nodes.length === 1 && nodes[0]) return nodes[0].summary;
  const all = nodes.map((node) => node.summary);
  const onNode = <T>(pick: (summary: TriageSummary) => readonly T[]) => nodes.map(({ node, summary }) => pick(summary).map((item) => ({ ...item, node })));
  const fromNodes = <T>(pick: (summary: TriageSummary) => readonly T[]) => nodes.map(({ node, summary }) => ({ node, items: pick(summary) }));
  const keep = <T>(lists: readonly (readonly T[])[]) => Math.max(DEFAULT_ROWS, ...lists.map((list) => list.length));
  const topOf = <T>(lists: readonly (readonly T[])[], order: (a: T, b: T) => number): T[] => lists.flat().sort(order).slice(0, keep(lists));

  const syscalls = all.map((summary) => summary.errors.syscalls);
  const files = all.map((summary) => summary.errors.files);
  const unavailable = new Map(all.flatMap((summary) => summary.unavailable).map((entry) => [`${entry.section}|${entry.reason}`, entry]));
  return {
    topProcesses: {
      byCpu: topOf(onNode((summary) => summary.topProcesses.byCpu), (a, b) => b.cpuPercent - a.cpuPercent),
      byIo: topOf(onNode((summary) => summary.topProcesses.byIo), (a, b) => b.networkBytes + b.fileBytes - (a.networkBytes + a.fileBytes)),
    },
    topConnections: topOf(onNode((summary) => summary.topConnections), (a, b) => b.bytes - a.bytes),
    errors: { syscalls: mergeSyscallErrors(syscalls).slice(0, keep(syscalls)), files: mergeFileErrors(files).slice(0, keep(files)) },
    http: {
      exchangeCount: all.reduce((sum, summary) => sum + summary.http.exchangeCount, 0),
      byStatus: sumByKey(all.map((summary) => summary.http.byStatus)),
      routes: mergeRoutes(fromNodes((summary) => summary.http.routes), MAX_ROUTES),
      anomalies: mergeAnomalies(fromNodes((summary) => summary.http.anomalies)),
      eventsAnalysed: all.reduce((sum, summary) => sum + summary.http.eventsAnalysed, 0),
      inputCut: all.some((summary) => summary.http.inputCut),
    },
    nextSteps: mergeNextSteps(fromNodes((summary) => summary.nextSteps), MAX_STEPS),
    unavailable: [...unavailable.values()],
  };
}
