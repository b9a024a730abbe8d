import type { PeerOwners } from './cluster-peer.js';
import { analyseHttp } from './http-analyser.js';
import type { HttpFindings } from './http-findings.js';
import { summariseHttp } from './http-findings.js';
import type { IoEvent } from './io-event.js';
import { parseIoEvents } from './io-event.js';
import type { NextStep } from './next-steps.js';
import { nextSteps } from './next-steps.js';
import type { ConnectionBytes } from './parse-conns.js';
import { parseConns } from './parse-conns.js';
import type { FileErrors, SyscallErrors } from './parse-errors.js';
import { parseFileErrors, parseSyscallErrors } from './parse-errors.js';
import type { ProcessIo } from './parse-proc-io.js';
import { parseProcIo } from './parse-proc-io.js';
import type { ProcessCpu } from './parse-topprocs-cpu.js';
import { parseTopProcsCpu } from './parse-topprocs-cpu.js';
import { namePeers } from './peer-owners.js';
import type { ProcessRef } from './process-ref.js';
import type { TriageCommandName } from './sysdig-commands.js';
import { DEFAULT_MAX_IO_EVENTS } from './sysdig-commands.js';

/**
 * Where a process ran, when the trace's I/O events said so; node only in a
 * summary merged over several nodes (merge-summaries.ts).
 */
export type Placement = Partial<Pick<ProcessRef, 'container' | 'pod' | 'namespace'>> & { readonly node?: string };

export interface TriageSummary {
  readonly topProcesses: {
    readonly byCpu: readonly (ProcessCpu & Placement)[];
    readonly byIo: readonly (ProcessIo & Placement)[];
  };
  readonly topConnections: readonly (ConnectionBytes & { readonly node?: string })[];
  readonly errors: { readonly syscalls: readonly SyscallErrors[]; readonly files: readonly FileErrors[] };
  readonly http: HttpFindings & {
    readonly eventsAnalysed: number;
    /** The I/O output stopped at its event limit: later exchanges are not counted. */
    readonly inputCut: boolean;
  };
  readonly nextSteps: readonly NextStep[];
  /** Sections whose command failed, timed out or printed something unexpected. */
  readonly unavailable: readonly { readonly section: TriageCommandName; readonly reason: string }[];
}

/** sysdig's stdout per command (sysdig-commands.ts); a command that failed is left out. */
export type TriageOutputs = Partial<Record<TriageCommandName, string>>;

export interface SummaryOptions {
  /** Shown in the suggested commands; `FILE` when unset. */
  readonly fileName?: string;
  /** The limit the `io` command ran with. */
  readonly maxIoEvents?: number;
  /** Rows kept per list. */
  readonly top?: number;
  /** Who owns the peers the trace does not name (the cluster's answer), shown beside their addresses. */
  readonly peerOwners?: PeerOwners;
  /** The capture target's namespace: owners in it are shown without it. */
  readonly namespace?: string;
}

/** The triage summary of one trace, from the outputs of the triage commands. Never throws. */
export function summariseTrace(outputs: TriageOutputs, options: SummaryOptions = {}): TriageSummary {
  const top = options.top ?? 5;
  const unavailable: { section: TriageCommandName; reason: string }[] = [];
  const section = <T>(name: TriageCommandName, parse: (text: string) => T, fallback: T): T => {
    const text = outputs[name];
    if (text === undefined) {
      unavailable.push({ section: name, reason: 'not run or failed' });
      return fallback;
    }
    try {
      return parse(text);
    } catch (error) {
      unavailable.push({ section: name, reason: error instanceof Error ? error.message : String(error) });
      return fallback;
    }
  };

  const events = section<IoEvent[] | undefined>('io', (text) => parseIoEvents(text).events, undefined);
  const places = placements(events ?? []);
  const place = <T extends { pid: number }>(process: T): T & Placement => ({ ...process, ...places.get(process.pid) });

  const byCpu = section('cpu', parseTopProcsCpu, []).slice(0, top).map(place);
  const byIo = section('proc-io', parseProcIo, []).slice(0, top).map(place);
  const connections = section('conns', parseConns, []);
  const files = section('file-errors', parseFileErrors, []).slice(0, top);
  const syscalls = section('syscall-errors', parseSyscallErrors, []).slice(0, top);
  const http = namePeers(summariseHttp(events ? analyseHttp(events) : []), options.peerOwners ?? new Map(), options.namespace);
  const maxIoEvents = options.maxIoEvents ?? DEFAULT_MAX_IO_EVENTS;

  return {
    topProcesses: { byCpu, byIo },
    topConnections: connections.slice(0, top),
    errors: { syscalls, files },
    http: { ...http, eventsAnalysed: events?.length ?? 0, inputCut: (events?.length ?? 0) >= maxIoEvents },
    nextSteps: nextSteps({ anomalies: http.anomalies, syscallErrors: syscalls, connections }, options.fileName ?? 'FILE'),
    unavailable,
  };
}

function placements(events: readonly IoEvent[]): Map<number, Placement> {
  const places = new Map<number, Placement>();
  for (const { process } of events) {
    if (places.has(process.pid)) continue;
    const { container, pod, namespace } = process;
    if (container !== undefined || pod !== undefined) {
      places.set(process.pid, { ...(container ? { container } : {}), ...(pod ? { pod } : {}), ...(namespace ? { namespace } : {}) });
    }
  }
  return places;
}
