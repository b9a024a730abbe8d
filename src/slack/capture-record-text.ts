import type { CaptureRecord } from '../queue/capture-history.js';
import { traceFilesOf } from '../capture/capture-result.js';
import { formatDuration } from '../capture/duration.js';
import { targetText } from './capture-target-text.js';
import { escapeMrkdwn, formatBytes, formatUtc, mention } from './mrkdwn.js';

/** The action id of the "Fresh link" button; its value is the capture id. */
export const FRESH_LINK_ACTION = 'capture_fresh_link';
const MAX_REASON_CHARS = 200;

/** How a capture ended, or where it stands, in a few words. */
export function outcomeText(record: CaptureRecord): string {
  switch (record.state) {
    case 'queued':
      return ':hourglass_flowing_sand: queued, waiting for a worker';
    case 'held':
      return `:hourglass_flowing_sand: held back${record.note ? ` (${escapeMrkdwn(record.note)})` : ''}`;
    case 'running':
      return ':red_circle: running';
    case 'done': {
      if (!record.result) return ':white_check_mark: done';
      const files = traceFilesOf(record.result);
      const nodes = files.length > 1 ? ` on ${files.length} nodes` : '';
      return `:white_check_mark: done, ${formatBytes(record.result.sizeBytes)}${nodes}`;
    }
    case 'failed': {
      const reason = record.reason ?? 'no reason recorded';
      const cut = reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…` : reason;
      return `:x: failed: ${escapeMrkdwn(cut)}`;
    }
    case 'cancelled':
      return `:no_entry_sign: cancelled${record.note ? ` by ${mention(record.note)}` : ''}`;
  }
}

/** One line: when, who, what, how long, and the outcome. */
export function recordLine(record: CaptureRecord): string {
  const { job } = record;
  return (
    `*${formatUtc(new Date(job.requestedAt))}* · ${mention(job.requestedBy)} · ${targetText(job)}, ` +
    `${formatDuration(job.durationSeconds)} · ${outcomeText(record)}`
  );
}

/** Whether the capture has traces a fresh link can point to. */
export function canRelink(record: CaptureRecord): boolean {
  return record.state === 'done' && record.result !== undefined;
}
