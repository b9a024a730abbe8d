import type { View } from '@slack/web-api';
import type { PendingApproval } from '../queue/pending-approval.js';
import { DENY_VIEW, REASON_BLOCK, REASON_INPUT } from './approval-actions.js';
import { mention } from './mrkdwn.js';
import { targetText } from './capture-target-text.js';

/** What the Deny modal carries to its submission: which request, and the card it came from. */
export interface DenyViewMetadata {
  readonly captureId: string;
  readonly channel: string;
  readonly cardTs: string;
}

export const MAX_REASON_LENGTH = 500;

/** The modal Deny opens: an optional reason, told to the requester and shown on the card. */
export function denyReasonView(approval: PendingApproval, metadata: DenyViewMetadata): View {
  return {
    type: 'modal',
    callback_id: DENY_VIEW,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: 'Deny capture' },
    submit: { type: 'plain_text', text: 'Deny' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Deny ${mention(approval.requestedBy)}'s capture of ${targetText(approval)}?`,
        },
      },
      {
        type: 'input',
        block_id: REASON_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Reason (shown to the requester and on the card)' },
        element: { type: 'plain_text_input', action_id: REASON_INPUT, multiline: true, max_length: MAX_REASON_LENGTH },
      },
    ],
  };
}
