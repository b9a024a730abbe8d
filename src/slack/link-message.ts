import type { CaptureJob } from '../capture/capture-job.js';
import type { CaptureArtifact } from '../capture/capture-status.js';
import { formatDuration } from '../capture/duration.js';
import type { SlackMessage } from './status-message.js';
import { clusterOf, DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import { code, escapeMrkdwn, formatBytes, formatUtc } from './mrkdwn.js';

/** Pods named in one link message; more are counted, so a large daemonset's link stays short. */
const MAX_PODS_SHOWN = 10;

/** The job fields that say whose events a trace holds. */
export type TraceSource = Pick<CaptureJob, 'pod' | 'namespace' | 'target' | 'resolved' | 'container' | 'cluster'>;

/** `pods \`a\`, \`b\` in \`shop\``: the pods of this trace's node as resolved for the job, or the job's own pod. */
function podsLine(node: string, job: TraceSource): string {
  if (job.target?.kind === 'node') return `whole node ${code(node)}: every pod on it, of every namespace`;
  const resolved = job.resolved?.find((part) => part.node === node)?.pods;
  const pods = resolved && resolved.length > 0 ? resolved : job.target === undefined ? [job.pod] : [];
  if (pods.length === 0) return `the pods of ${code(job.pod)} on node ${code(node)} in ${code(job.namespace)}`;
  const shown = pods.slice(0, MAX_PODS_SHOWN).map(code).join(', ');
  const more = pods.length > MAX_PODS_SHOWN ? ` and ${pods.length - MAX_PODS_SHOWN} more` : '';
  const container = job.container === undefined ? '' : ` (container ${code(job.container)} only)`;
  return `${pods.length === 1 ? 'pod' : 'pods'} ${shown}${more} in ${code(job.namespace)}${container}`;
}

/** The thread reply that hands the trace over: link, whose events it holds, integrity, provenance, how to open it. */
export function linkMessage(artifact: CaptureArtifact, job: TraceSource): SlackMessage {
  const link = `:package: <${artifact.url}|${escapeMrkdwn(artifact.fileName)}> (link expires ${formatUtc(artifact.expiresAt)})`;
  const facts =
    `holds ${podsLine(artifact.node, job)}\n` +
    `size ${formatBytes(artifact.sizeBytes)} (${artifact.sizeBytes} bytes) · sha256 ${code(artifact.sha256)}\n` +
    `${clusterOf(job) === DEFAULT_CLUSTER ? '' : `cluster ${code(clusterOf(job))} · `}node ${code(artifact.node)} · duration ${formatDuration(artifact.durationSeconds)} · snaplen ${artifact.snaplen}`;
  const howTo =
    `Open it in Sysdig Inspect or Stratoshark, or read it with ${code(`sysdig -r ${artifact.fileName}`)} ` +
    `(add a filter, e.g. ${code(`sysdig -r ${artifact.fileName} -c httplog`)}).`;
  return {
    text: `${link}\n${facts}\n${howTo}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: link } },
      { type: 'section', text: { type: 'mrkdwn', text: facts } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: howTo }] },
    ],
  };
}
