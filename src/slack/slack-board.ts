import type { WebClient } from '@slack/web-api';
import type { CaptureBoard } from '../requests/capture-board.js';
import { approvalCard } from './approval-card.js';
import type { SlackMessage } from './status-message.js';
import { statusMessage } from './status-message.js';

async function post(client: WebClient, channel: string, message: SlackMessage): Promise<string> {
  const posted = await client.chat.postMessage({ channel, text: message.text, blocks: [...message.blocks] });
  if (!posted.ts) throw new Error('chat.postMessage returned no ts');
  return posted.ts;
}

async function update(client: WebClient, channel: string, ts: string, message: SlackMessage): Promise<void> {
  await client.chat.update({ channel, ts, text: message.text, blocks: [...message.blocks] });
}

/** The capture board as Slack messages: the status message and approval card built here, posted with `client`. */
export function slackBoard(client: WebClient): CaptureBoard {
  return {
    postStatus: (request, status) => post(client, request.channel, statusMessage(request, status)),
    updateStatus: (request, ts, status) => update(client, request.channel, ts, statusMessage(request, status)),
    postCard: (approval) => post(client, approval.channel, approvalCard(approval)),
    updateCard: (approval, ts, outcome) => update(client, approval.channel, ts, approvalCard(approval, outcome)),
    async tellRequester(approval, text) {
      try {
        await client.chat.postEphemeral({ channel: approval.channel, user: approval.requestedBy, text });
      } catch {
        // Not in the channel any more: a direct message reaches them wherever they are.
        await client.chat.postMessage({ channel: approval.requestedBy, text });
      }
    },
  };
}
