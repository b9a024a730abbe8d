import type { KnownBlock } from '@slack/web-api';
import type { FreshLinks } from '../worker/fresh-links.js';
import { targetText } from './capture-target-text.js';
import { linkMessage } from './link-message.js';
import { code, escapeMrkdwn, formatUtc } from './mrkdwn.js';
import type { SlackMessage } from './status-message.js';

/** The ephemeral answer to "Fresh link": new links to every trace of the capture, for the user who clicked. */
export function freshLinkMessage(links: FreshLinks): SlackMessage {
  if (links.kind === 'none') {
    const text = `:warning: No fresh link for capture ${code(links.captureId)}: ${escapeMrkdwn(links.reason)}.`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const { job, artifacts } = links;
  const head =
    `:link: Fresh link${artifacts.length === 1 ? '' : 's'} to capture ${code(job.captureId)} ` +
    `(${targetText(job)}, requested ${formatUtc(new Date(job.requestedAt))}); only you see this.`;
  const parts = artifacts.map((artifact) => linkMessage(artifact, job));
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
  for (const part of parts) blocks.push({ type: 'divider' }, ...part.blocks);
  return { text: [head, ...parts.map((part) => part.text)].join('\n\n'), blocks };
}
