import type { CaptureArtifact } from '../capture/capture-status.js';
import { formatDuration } from '../capture/duration.js';
import type { SlackMessage } from './status-message.js';
import { code, escapeMrkdwn, formatBytes, formatUtc } from './mrkdwn.js';

/** The thread reply that hands the trace over: link, integrity, provenance, how to open it. */
export function linkMessage(artifact: CaptureArtifact): SlackMessage {
  const link = `:package: <${artifact.url}|${escapeMrkdwn(artifact.fileName)}> (link expires ${formatUtc(artifact.expiresAt)})`;
  const facts =
    `size ${formatBytes(artifact.sizeBytes)} (${artifact.sizeBytes} bytes) · sha256 ${code(artifact.sha256)}\n` +
    `node ${code(artifact.node)} · duration ${formatDuration(artifact.durationSeconds)} · snaplen ${artifact.snaplen}`;
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
