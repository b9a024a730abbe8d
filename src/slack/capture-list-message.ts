import type { KnownBlock } from '@slack/web-api';
import type { CaptureRecord } from '../queue/capture-history.js';
import { canRelink, FRESH_LINK_ACTION, recordLine } from './capture-record-text.js';
import type { SlackMessage } from './status-message.js';

/** How many captures `/capture list` shows. */
export const LIST_LENGTH = 10;

function recordBlocks(record: CaptureRecord): KnownBlock[] {
  const line = recordLine(record);
  const section: KnownBlock = canRelink(record)
    ? {
        type: 'section',
        text: { type: 'mrkdwn', text: line },
        accessory: {
          type: 'button',
          action_id: FRESH_LINK_ACTION,
          text: { type: 'plain_text', text: 'Fresh link' },
          value: record.job.captureId,
        },
      }
    : { type: 'section', text: { type: 'mrkdwn', text: line } };
  return [section, { type: 'context', elements: [{ type: 'mrkdwn', text: `capture ${record.job.captureId}` }] }];
}

/** One mrkdwn section: a message that is only text. */
function textMessage(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** Records under an optional heading, each with its line and, once finished, the fresh-link button. */
function recordsMessage(head: string | undefined, records: readonly CaptureRecord[]): SlackMessage {
  const heading = head === undefined ? [] : [head];
  return {
    text: [...heading, ...records.map((record) => `${recordLine(record)} (capture ${record.job.captureId})`)].join('\n'),
    blocks: [...heading.flatMap((text) => textMessage(text).blocks), ...records.flatMap(recordBlocks)],
  };
}

/** `/capture list`: this channel's last captures, newest first, each finished one with a button for a fresh link. */
export function captureListMessage(records: readonly CaptureRecord[]): SlackMessage {
  if (records.length === 0) return textMessage(':information_source: No capture was requested in this channel in the last week.');
  const head = `:card_index: The last ${records.length === 1 ? 'capture' : `${records.length} captures`} requested in this channel, newest first. A fresh link is for members of this channel only.`;
  return recordsMessage(head, records);
}

/** `/capture status [ID]`: one capture, or this channel's unfinished ones; finished ones get the same button. */
export function captureStatusMessage(records: readonly CaptureRecord[], asked: { captureId?: string }): SlackMessage {
  if (records.length === 0) {
    return textMessage(
      asked.captureId
        ? `:warning: There is no capture \`${asked.captureId}\` in this channel (finished captures are forgotten after a week).`
        : ':information_source: No capture is running or waiting in this channel. `/capture list` shows the last ones.',
    );
  }
  const head = asked.captureId ? undefined : `:satellite: ${records.length === 1 ? 'One capture has' : `${records.length} captures have`} not finished in this channel:`;
  return recordsMessage(head, records);
}
