import type { ErrorStatusAnomaly, HttpAnomaly, MalformedMessageAnomaly } from '../triage/http-anomaly.js';
import type { NextStep } from '../triage/next-steps.js';
import type { TriageSummary } from '../triage/triage-summary.js';
import type { TriagedTrace } from '../worker/triage-report.js';
import { code, escapeMrkdwn, formatBytes } from './mrkdwn.js';
import { peer, seenOnText, stepNodesText } from './triage-where.js';

/**
 * One line each of the triage summary, as mrkdwn. Everything that comes from
 * the trace (names, addresses, paths, quoted bytes) goes through code() or
 * escapeMrkdwn(): a capture is attacker-controlled text.
 */

const PROBLEM_NAMES: Readonly<Record<MalformedMessageAnomaly['kind'], string>> = {
  'missing-status-line': 'Missing status line',
  'malformed-status-line': 'Malformed status line',
  'malformed-request-line': 'Malformed request line',
  'malformed-header': 'Malformed header line',
  'truncated-headers': 'Truncated headers',
};

function times(count: number): string {
  return `×${count}`;
}

/** `GET www.google.com /`: the Host header between method and path when it names a host. */
function endpoint(anomaly: { method?: string; host?: string; path?: string }): string {
  const text = [anomaly.method, anomaly.host, anomaly.path].filter((part) => part !== undefined).join(' ');
  return text === '' ? '' : ` for ${code(text)}`;
}

function errorStatusLine(anomaly: ErrorStatusAnomaly, nodes: readonly string[]): string {
  const icon = anomaly.status >= 500 ? ':rotating_light:' : ':warning:';
  const reason = anomaly.reason ? ` ${escapeMrkdwn(anomaly.reason)}` : '';
  const head = `${icon} *${anomaly.status}${reason}* ${times(anomaly.count)}${seenOnText(anomaly.seenOn, nodes)}${endpoint(anomaly)} from ${peer(anomaly.client)} by ${peer(anomaly.server)}`;
  const upstream = anomaly.upstream;
  if (!upstream) return head;
  const what = [
    ...upstream.problems.map((problem) => `a ${PROBLEM_NAMES[problem].toLowerCase()}`),
    ...(upstream.status !== undefined && upstream.status >= 500 ? [`status ${upstream.status}`] : []),
    ...(upstream.status === undefined ? ['no answer'] : []),
  ].join(', ');
  return `${head}; meanwhile its upstream ${peer(upstream.server)} sent ${what || 'an error'} (during ${upstream.count} of them)`;
}

/**
 * Said from the sender's side when the capture saw the sender's process;
 * otherwise (a capture scoped to the receiving pod) from the side that read
 * the bytes: `in the responses haproxy … read from upstream 10.40.3.4:8080 …`.
 */
function malformedLine(anomaly: MalformedMessageAnomaly, nodes: readonly string[]): string {
  const head = `:warning: *${PROBLEM_NAMES[anomaly.kind]}* ${times(anomaly.count)}${seenOnText(anomaly.seenOn, nodes)}`;
  const tail = `${endpoint(anomaly)}: ${code(anomaly.quote)}${anomaly.cutAtSnaplen ? ' (cut at the snaplen)' : ''}`;
  const readers = anomaly.receivers.filter((receiver) => receiver.process !== undefined);
  if (!anomaly.sender.process && readers.length > 0) {
    const from = anomaly.message === 'response' ? 'upstream' : 'client';
    return `${head} in the ${anomaly.message}s ${readers.map(peer).join(', ')} read from ${from} ${peer(anomaly.sender)}${tail}`;
  }
  const direction = anomaly.message === 'response' ? 'responses from' : 'requests from';
  const receivers = anomaly.receivers.length > 0 ? ` to ${anomaly.receivers.map(peer).join(', ')}` : '';
  return `${head} in ${direction} ${peer(anomaly.sender)}${receivers}${tail}`;
}

/** nodes: every node of the capture whose trace was summarised. */
export function anomalyLine(anomaly: HttpAnomaly, nodes: readonly string[] = []): string {
  return anomaly.kind === 'error-status' ? errorStatusLine(anomaly, nodes) : malformedLine(anomaly, nodes);
}

export function httpLine(http: TriageSummary['http']): string {
  if (http.exchangeCount === 0) return '*HTTP*: no HTTP/1.x exchange seen';
  const statuses = Object.entries(http.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${code(status === 'none' ? 'no answer' : status)} ${times(count)}`);
  const cut = http.inputCut ? ` (the first ${http.eventsAnalysed} I/O events only)` : '';
  return `*HTTP*: ${http.exchangeCount} exchange${http.exchangeCount === 1 ? '' : 's'}${cut}: ${statuses.join(' · ')}`;
}

export function routeLine(route: TriageSummary['http']['routes'][number], nodes: readonly string[] = []): string {
  const statuses = Object.entries(route.byStatus).map(([status, count]) => `${status === 'none' ? 'no answer' : status} ${times(count)}`);
  const ms = route.latencyMs;
  const latency = !ms ? '' : ms.average === ms.max ? `, ${ms.max} ms` : `, ${ms.average} ms on average, ${ms.max} ms at most`;
  const seen = seenOnText(route.seenOn, nodes);
  return `${endpoint(route).replace(/^ for /, '') || 'requests'} to ${peer(route.server)}: ${statuses.join(', ')}${latency}${seen ? `,${seen}` : ''}`;
}

function where(process: { pod?: string; node?: string }): string {
  const parts = [...(process.pod ? [`pod ${code(process.pod)}`] : []), ...(process.node ? [`node ${code(process.node)}`] : [])];
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

export function processesLine(top: TriageSummary['topProcesses'], rows: number): string | undefined {
  const cpu = top.byCpu.filter((p) => p.cpuPercent > 0).slice(0, rows).map((p) => `${code(p.name)} ${p.cpuPercent}%${where(p)}`);
  const io = top.byIo.slice(0, rows).map((p) => {
    const moved = [...(p.networkBytes > 0 ? [`${formatBytes(p.networkBytes)} network`] : []), ...(p.fileBytes > 0 ? [`${formatBytes(p.fileBytes)} files`] : [])];
    return `${code(p.name)} ${moved.join(', ') || 'no bytes'}${where(p)}`;
  });
  const parts = [...(cpu.length > 0 ? [`CPU ${cpu.join(' · ')}`] : []), ...(io.length > 0 ? [`I/O ${io.join(' · ')}`] : [])];
  return parts.length > 0 ? `*Top processes*: ${parts.join('; ')}` : undefined;
}

export function connectionsLine(connections: TriageSummary['topConnections'], rows: number): string | undefined {
  if (connections.length === 0) return undefined;
  const shown = connections
    .slice(0, rows)
    .map((c) => `${code(c.name)} ${formatBytes(c.bytes)} (${c.processes.map((p) => code(p.name)).join(', ')}${c.node ? `; node ${code(c.node)}` : ''})`);
  return `*Top connections*: ${shown.join(' · ')}`;
}

export function errorsLine(errors: TriageSummary['errors'], rows: number): string | undefined {
  const syscalls = errors.syscalls.slice(0, rows).map((e) => `${code(e.syscall)} ${escapeMrkdwn(e.errno)} ${times(e.count)} (${e.processes.map((p) => code(p.name)).join(', ')})`);
  const files = errors.files.slice(0, rows).map((f) => `${code(f.path)} ${times(f.count)}`);
  const parts = [...(syscalls.length > 0 ? [syscalls.join(' · ')] : []), ...(files.length > 0 ? [`files ${files.join(' · ')}`] : [])];
  return parts.length > 0 ? `*Failed calls*: ${parts.join('; ')}` : undefined;
}

/** The step's command reads the trace of its node; the other nodes that showed the same are named with their files. */
export function nextStepLine(step: NextStep | undefined, traces: readonly TriagedTrace[]): string {
  if (!step) {
    const file = traces[0]?.fileName ?? 'FILE';
    return `*Open next*: nothing stood out; browse it in Sysdig Inspect or Stratoshark, or run ${code(`sysdig -r ${file} -c topconns`)}`;
  }
  const others = (step.alsoOn ?? []).map((node) => `${code(traces.find((trace) => trace.node === node)?.fileName ?? node)} (node ${code(node)})`);
  return (
    `*Open next*: ${escapeMrkdwn(step.why)}${stepNodesText(step.node, step.alsoOn)}: ${code(step.command)}, ` +
    `or Sysdig Inspect's ${step.inspectView} view (or Stratoshark) filtered on ${code(step.filter)}` +
    (others.length > 0 ? `; the same filter finds it in ${others.join(', ')}` : '')
  );
}
