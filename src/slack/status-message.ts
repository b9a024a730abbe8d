import type { KnownBlock } from '@slack/web-api';
import type { CaptureRequestView } from '../requests/capture-request-view.js';
import type { CaptureStatus } from '../capture/capture-status.js';
import { formatDuration } from '../capture/duration.js';
import { nodesText, resolvedText, targetText } from './capture-target-text.js';
import { alertDetailLine, alertWho } from './alert-origin-text.js';
import { code, escapeMrkdwn, formatBytes, mention } from './mrkdwn.js';

export type { CaptureRequestView };

export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly KnownBlock[];
}

function headline(request: CaptureRequestView): string {
  const filter = request.filter ? `, filter ${code(request.filter)}` : '';
  return (
    `${request.alert ? `:rotating_light: An ${alertWho(request.alert)}` : mention(request.requestedBy)} is capturing ${targetText(request)} ` +
    `for ${formatDuration(request.durationSeconds)} (snaplen ${request.snaplen}, driver ${request.driver}${filter})`
  );
}

function statusLine(status: CaptureStatus): string {
  switch (status.stage) {
    case 'queued':
      return ':hourglass_flowing_sand: Queued, waiting for a worker';
    case 'starting':
      return `:rocket: Starting capture pod${status.resolved && status.resolved.length > 1 ? 's' : ''} on ${nodesText(status)}`;
    case 'capturing':
      return `:red_circle: Capturing on ${nodesText(status)}: ${status.elapsedSeconds}s / ${status.totalSeconds}s`;
    case 'upload-waiting':
      return `:hourglass_flowing_sand: Captured on ${nodesText(status)}; waiting to upload, ${status.place === 1 ? 'next in line' : `number ${status.place} in line`}. The trace is kept in its capture pod until then.`;
    case 'uploading':
      return `:arrow_up: Uploading the trace from ${nodesText(status)}`;
    case 'summarising':
      return `:mag: The link is in the thread; summarising the trace from ${nodesText(status)}`;
    case 'done':
      return `:white_check_mark: Done: ${formatBytes(status.sizeBytes)} captured on ${nodesText(status)}; the link${status.resolved && status.resolved.length > 1 ? 's are' : ' is'} in the thread`;
    case 'failed': {
      const detail = status.detail ? `\n\`\`\`${escapeMrkdwn(status.detail).replace(/```/g, "'''")}\`\`\`` : '';
      return `:x: Failed: ${escapeMrkdwn(status.reason)}${detail}`;
    }
    case 'not-started':
      return `:warning: Not started: ${escapeMrkdwn(status.reason)}. Nothing was started; try again when it is back.`;
    case 'waiting':
      return `:hourglass_flowing_sand: Waiting: ${escapeMrkdwn(status.reason)}. It starts by itself when a slot frees.`;
    case 'cancelled':
      return `:no_entry_sign: Cancelled by ${mention(status.by)}. The capture pod is deleted and nothing was uploaded.`;
  }
}

/**
 * The channel's status message for a capture, rebuilt whole at every stage.
 * note: a line added below the status, e.g. what the janitor cleaned up.
 */
export function statusMessage(request: CaptureRequestView, status: CaptureStatus, note?: string): SlackMessage {
  const head = headline(request);
  const line = statusLine(status);
  const noteLine = note ? `:broom: ${escapeMrkdwn(note)}` : undefined;
  // The pods found at capture time, else the ones the request resolved to (what the approver saw).
  const nodes = ('resolved' in status && status.resolved) || (status.stage === 'not-started' ? undefined : request.resolved);
  const resolved = nodes ? resolvedText(nodes, request.target?.kind === 'node') : undefined;
  const changes = 'changes' in status && status.changes ? status.changes.map((change) => `:information_source: ${escapeMrkdwn(change)}`) : [];
  const alertLine = request.alert ? alertDetailLine(request.alert) : undefined;
  const extra = [...(alertLine ? [alertLine] : []), ...(resolved ? [resolved] : []), ...changes];
  return {
    text: [head, line, ...extra, ...(noteLine ? [noteLine] : [])].join('\n'),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: head } },
      { type: 'section', text: { type: 'mrkdwn', text: line } },
      ...extra.map((text) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } })),
      ...(noteLine ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: noteLine } }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `capture ${request.captureId}` }] },
    ],
  };
}
