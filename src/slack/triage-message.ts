import { DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import type { KnownBlock } from '@slack/web-api';
import type { TriageReport } from '../worker/triage-report.js';
import { code, escapeMrkdwn } from './mrkdwn.js';
import type { SlackMessage } from './status-message.js';
import { anomalyLine, connectionsLine, errorsLine, httpLine, nextStepLine, processesLine, routeLine } from './triage-lines.js';

const ROWS = 3;
const MAX_ANOMALIES = 4;
/** Slack refuses a section whose text is longer. */
const SECTION_LIMIT = 3000;

function section(lines: readonly string[]): KnownBlock {
  const text = lines.join('\n');
  return { type: 'section', text: { type: 'mrkdwn', text: text.length > SECTION_LIMIT ? `${text.slice(0, SECTION_LIMIT - 1)}…` : text } };
}

/**
 * The thread reply after the link: what the capture saw, anomalies first, and
 * one line on what to open next. Without a summary, a one-line note.
 */
export function triageMessage(report: TriageReport, cluster: string = DEFAULT_CLUSTER): SlackMessage {
  if (report.kind === 'unavailable') {
    const text = `:grey_question: No triage summary for this capture: ${escapeMrkdwn(report.reason)}. The trace behind the link is complete.`;
    return { text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }] };
  }
  const { summary, traces } = report;
  const files = traces.map((trace) => trace.fileName);
  const nodes = traces.map((trace) => trace.node);
  const source = traces.length === 1 ? code(files[0] ?? '') : `${traces.length} traces (nodes ${traces.map((trace) => code(trace.node)).join(', ')})`;
  const where = cluster === DEFAULT_CLUSTER ? '' : ` in cluster ${code(cluster)}`;
  const head = `:mag: *What the capture saw*: \`sysdig -r\` over ${source}, in the capture pod${where}`;

  const anomalies = summary.http.anomalies.slice(0, MAX_ANOMALIES).map((anomaly) => anomalyLine(anomaly, nodes));
  const more = summary.http.anomalies.length - anomalies.length;
  const http = [
    httpLine(summary.http),
    ...anomalies,
    ...(more > 0 ? [`…and ${more} more kind${more === 1 ? '' : 's'} of anomaly`] : []),
    ...summary.http.routes.slice(0, ROWS).map((route) => `• ${routeLine(route, nodes)}`),
  ];
  const system = [
    processesLine(summary.topProcesses, ROWS),
    connectionsLine(summary.topConnections, ROWS),
    errorsLine(summary.errors, ROWS),
  ].filter((line): line is string => line !== undefined);
  const next = nextStepLine(summary.nextSteps[0], traces);
  const missing = summary.unavailable.map((entry) => entry.section);
  const note = missing.length > 0 ? [`Not in this summary (sysdig failed or timed out): ${[...new Set(missing)].join(', ')}`] : [];

  const blocks: KnownBlock[] = [section([head]), section(http)];
  if (system.length > 0) blocks.push(section(system));
  blocks.push(section([next]));
  if (note.length > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: note.join('\n') }] });
  return { text: [head, ...http, ...system, next, ...note].join('\n'), blocks };
}
