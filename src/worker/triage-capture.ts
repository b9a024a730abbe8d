import type { Logger } from 'pino';
import type { CaptureJob } from '../capture/capture-job.js';
import type { PeerOwners } from '../triage/cluster-peer.js';
import { mergeSummaries } from '../triage/merge-summaries.js';
import { unnamedPeerIps } from '../triage/peer-owners.js';
import { triageCommands } from '../triage/sysdig-commands.js';
import { summariseTrace, type TriageOutputs, type TriageSummary } from '../triage/triage-summary.js';
import type { CaptureCluster, ProgressNotifier } from './ports.js';
import type { TriagedTrace, TriageReport } from './triage-report.js';

/** How long the triage of one capture may take, all nodes together; the capture pod lives until it ends. */
export const DEFAULT_TRIAGE_TIMEOUT_MS = 120_000;
/** The longest the cluster may take to say who owns the peers; the summary goes out without the names after. */
const PEER_LOOKUP_TIMEOUT_MS = 10_000;
const MAX_REASON_CHARS = 200;

export interface TriageDeps {
  readonly cluster: Pick<CaptureCluster, 'tracePath' | 'runInCapturePod' | 'lookupPeerOwners'>;
  readonly notifier: Pick<ProgressNotifier, 'summarised'>;
  readonly log: Logger;
  readonly timeoutMs?: number;
}

/** A finished trace, still in the holder container of the capture pod that wrote it. */
export interface TraceInPod extends TriagedTrace {
  readonly job: CaptureJob;
}

interface TraceOutputs {
  readonly outputs: TriageOutputs;
  readonly failures: readonly string[];
  readonly timedOut: boolean;
}

/** Runs the triage commands one after another in the trace's capture pod, keeping the outputs of those that exited 0. */
async function runTriage(trace: TraceInPod, deps: TriageDeps, deadline: number, signal: AbortSignal): Promise<TraceOutputs> {
  const outputs: TriageOutputs = {};
  const failures: string[] = [];
  const commands = triageCommands(deps.cluster.tracePath(trace.job), { snaplen: trace.job.snaplen });
  for (const command of commands) {
    const timeoutMs = deadline - Date.now();
    if (timeoutMs <= 0 || signal.aborted) return { outputs, failures, timedOut: !signal.aborted };
    try {
      const { stdout, cut } = await deps.cluster.runInCapturePod(trace.job, command.argv, { maxOutputBytes: command.maxOutputBytes, timeoutMs, signal });
      outputs[command.name] = stdout;
      if (cut) deps.log.info({ command: command.name, node: trace.node }, 'triage output cut at its limit');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.log.warn({ command: command.name, node: trace.node, err: error }, 'triage command failed');
      failures.push(message);
    }
  }
  return { outputs, failures, timedOut: false };
}

function reasonWhenNothingRan(results: readonly TraceOutputs[], timeoutMs: number): string {
  if (results.some((result) => result.timedOut)) return `the summary did not finish within ${Math.max(1, Math.round(timeoutMs / 1000))}s`;
  const first = results.flatMap((result) => result.failures)[0] ?? 'no triage command ran';
  return `sysdig could not read the trace in the capture pod: ${first.slice(0, MAX_REASON_CHARS)}`;
}

/**
 * Who owns the peers the summaries show only by address, asked of the
 * cluster once for all traces. Never throws: without an answer the peers
 * keep their addresses alone, and the log says why.
 */
async function peerOwners(ran: readonly { trace: TraceInPod; outputs: TriageOutputs }[], deps: TriageDeps, deadline: number, signal: AbortSignal): Promise<PeerOwners> {
  const ips = [...new Set(ran.flatMap(({ outputs }) => unnamedPeerIps(summariseTrace(outputs).http)))].sort();
  const timeoutMs = Math.min(PEER_LOOKUP_TIMEOUT_MS, deadline - Date.now());
  if (ips.length === 0 || timeoutMs <= 0 || signal.aborted) return new Map();
  try {
    const { owners, failures } = await deps.cluster.lookupPeerOwners(ips, { timeoutMs, signal });
    for (const { resource, reason } of failures) deps.log.warn({ resource, reason, addresses: ips.length }, `triage peers not named from ${resource}: ${reason}`);
    return owners;
  } catch (error) {
    deps.log.warn({ err: error }, 'triage peers not named: the cluster lookup failed');
    return new Map();
  }
}

/** The triage of the traces (one per node), summarised and merged. Never throws: a failure becomes the report's reason. */
export async function triageTraces(traces: readonly TraceInPod[], deps: TriageDeps, signal: AbortSignal): Promise<TriageReport> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TRIAGE_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  try {
    const results = await Promise.all(traces.map((trace) => runTriage(trace, deps, deadline, signal)));
    const ran = results.filter((result) => Object.keys(result.outputs).length > 0);
    if (ran.length === 0) return { kind: 'unavailable', reason: reasonWhenNothingRan(results, timeoutMs) };
    const triaged = traces.flatMap((trace, index) => {
      const outputs = results[index]?.outputs ?? {};
      return Object.keys(outputs).length > 0 ? [{ trace, outputs }] : [];
    });
    const owners = await peerOwners(triaged, deps, deadline, signal);
    const summaries: { node: string; summary: TriageSummary }[] = triaged.map(({ trace, outputs }) => ({
      node: trace.node,
      summary: summariseTrace(outputs, { fileName: trace.fileName, peerOwners: owners, namespace: trace.job.namespace }),
    }));
    return { kind: 'summary', summary: mergeSummaries(summaries), traces: triaged.map(({ trace: { fileName, node } }) => ({ fileName, node })) };
  } catch (error) {
    deps.log.error({ err: error }, 'triage failed');
    return { kind: 'unavailable', reason: 'the summary could not be made; the worker logs have the details' };
  }
}

/** Triage, then the report in the capture's thread. Never throws: the link is already out, and this only adds to it. */
export async function summariseCapture(job: CaptureJob, traces: readonly TraceInPod[], deps: TriageDeps, signal: AbortSignal): Promise<void> {
  const report = await triageTraces(traces, deps, signal);
  deps.log.info({ summary: report.kind, ...(report.kind === 'unavailable' ? { reason: report.reason } : {}) }, 'triage finished');
  try {
    await deps.notifier.summarised(job, report);
  } catch (error) {
    deps.log.warn({ err: error }, 'triage summary could not be posted');
  }
}
