import type { HttpAnomaly, PeerRef } from './http-anomaly.js';
import type { SyscallErrors } from './parse-errors.js';
import type { ConnectionBytes } from './parse-conns.js';
import { formatAddress } from './socket-address.js';

/** A view of the trace worth opening next, as a `sysdig -r` run and a Sysdig Inspect view. */
export interface NextStep {
  readonly why: string;
  /** A sysdig filter; Sysdig Inspect's filter bar takes the same text. */
  readonly filter: string;
  /** The arguments after `sysdig -r FILE`. */
  readonly sysdigArgs: readonly string[];
  /** Ready to paste: `sysdig -r FILE -A '…'`. */
  readonly command: string;
  readonly inspectView: 'Connections' | 'Errors';
  /** In a summary merged over several nodes: the node whose trace `command` reads. */
  readonly node?: string;
  /** …and the other nodes whose traces showed the same, which the same filter finds in their own files. */
  readonly alsoOn?: readonly string[];
}

export interface NextStepFacts {
  readonly anomalies: readonly HttpAnomaly[];
  readonly syscallErrors: readonly SyscallErrors[];
  readonly connections: readonly ConnectionBytes[];
}

/** Only values that need no quoting inside a single-quoted shell word reach a command. */
const SAFE = /^[A-Za-z0-9._:/-]+$/;
const MAX_STEPS = 3;

/** The most telling things to open next, most telling first. */
export function nextSteps(facts: NextStepFacts, fileName: string): NextStep[] {
  const steps: NextStep[] = [];
  const add = (why: string, filter: string | undefined, view: NextStep['inspectView'], printBuffers: boolean) => {
    if (filter === undefined || steps.some((step) => step.filter === filter)) return;
    const sysdigArgs = printBuffers ? ['-A', filter] : [filter];
    const file = SAFE.test(fileName) ? fileName : 'FILE';
    steps.push({ why, filter, sysdigArgs, command: `sysdig -r ${file} ${printBuffers ? '-A ' : ''}'${filter}'`, inspectView: view });
  };

  for (const anomaly of facts.anomalies) {
    if (anomaly.kind === 'error-status') {
      const target = anomaly.upstream?.server ?? anomaly.server;
      const why = anomaly.upstream
        ? `the bytes ${name(anomaly.upstream.server)} sent while ${name(anomaly.server)} answered ${anomaly.status}`
        : `the ${anomaly.status} answers of ${name(anomaly.server)}`;
      add(why, serverFilter(target), 'Connections', true);
    } else if (anomaly.message === 'response') {
      add(`the malformed responses of ${name(anomaly.sender)}`, serverFilter(anomaly.sender), 'Connections', true);
    } else {
      add(`the malformed requests from ${name(anomaly.sender)}`, clientFilter(anomaly.sender), 'Connections', true);
    }
  }
  // One line each for the top failure and the busiest connection, after what HTTP showed.
  steps.splice(MAX_STEPS - 1);
  const failure = facts.syscallErrors[0];
  if (failure && SAFE.test(failure.syscall)) {
    const process = failure.processes[0]?.name;
    const clauses = ['evt.failed=true', `evt.type=${failure.syscall}`, ...(process && SAFE.test(process) ? [`proc.name=${process}`] : [])];
    add(`the ${failure.count} failed ${failure.syscall} calls (${failure.errno})`, clauses.join(' and '), 'Errors', false);
  }
  const busiest = facts.connections[0];
  if (busiest?.tuple) add(`the busiest connection, ${busiest.name}`, serverFilter({ ip: busiest.tuple.server.ip, port: busiest.tuple.server.port }), 'Connections', true);
  return steps.slice(0, MAX_STEPS);
}

function serverFilter(peer: PeerRef): string | undefined {
  if (!SAFE.test(peer.ip) || peer.port === undefined) return undefined;
  return `evt.is_io=true and fd.sip=${peer.ip} and fd.sport=${peer.port}`;
}

function clientFilter(peer: PeerRef): string | undefined {
  return SAFE.test(peer.ip) ? `evt.is_io=true and fd.cip=${peer.ip}` : undefined;
}

function name(peer: PeerRef): string {
  const address = peer.port === undefined ? peer.ip : formatAddress({ ip: peer.ip, port: peer.port });
  const owner = peer.cluster ? `${peer.cluster.kind} ${peer.cluster.namespace ? `${peer.cluster.namespace}/` : ''}${peer.cluster.name}` : undefined;
  if (peer.process) return `${peer.process.name} (${[address, ...(owner ? [owner] : [])].join(', ')})`;
  return owner ? `${address} (${owner})` : address;
}
