import type { KnownBlock } from '@slack/web-api';
import { formatDuration } from '../capture/duration.js';
import { describeWho } from '../policy/index.js';
import type { ApprovalOutcome, PendingApproval } from '../queue/pending-approval.js';
import { APPROVAL_BLOCK, APPROVE_ACTION, DENY_ACTION, approvalButtonValue } from './approval-actions.js';
import { alertDetailLine, alertWho } from './alert-origin-text.js';
import { code, escapeMrkdwn, formatUtc, mention } from './mrkdwn.js';
import type { SlackMessage } from './status-message.js';
import { resolvedText, targetText } from './capture-target-text.js';
import { targetWords } from '../capture/capture-target.js';

/** Who may decide, as the card says it. */
export function approversText(approval: Pick<PendingApproval, 'approvers' | 'requestedBy' | 'alert'>): string {
  if (approval.approvers.length > 0) return describeWho(approval.approvers);
  // An alert is no person: anyone may approve what it asks.
  return approval.alert ? 'anyone in this channel' : `anyone but ${mention(approval.requestedBy)}`;
}

function headline(approval: PendingApproval): string {
  return `:lock: ${approval.alert ? `An ${alertWho(approval.alert)}` : mention(approval.requestedBy)} asks to capture ${targetText(approval)}`;
}

function field(name: string, value: string) {
  return { type: 'mrkdwn' as const, text: `*${name}*\n${value}` };
}

function statusLine(approval: PendingApproval, outcome: ApprovalOutcome | undefined): string {
  const at = (iso: string) => formatUtc(new Date(iso));
  const reason = (text: string | undefined) => (text ? `: ${escapeMrkdwn(text)}` : ' (no reason given)');
  if (outcome === undefined) {
    return `:hourglass_flowing_sand: Waiting for approval from ${approversText(approval)} until ${at(approval.expiresAt)}`;
  }
  switch (outcome.kind) {
    case 'approved':
      return `:white_check_mark: Capture approved by ${mention(outcome.by)} at ${at(outcome.at)}; its progress follows in the channel`;
    case 'denied':
      return `:no_entry_sign: Capture denied by ${mention(outcome.by)} at ${at(outcome.at)}${reason(outcome.reason)}`;
    case 'expired':
      return `:hourglass: This request expired at ${at(outcome.at)} without a decision; nothing was started`;
    case 'refused':
      // The policy's own words, with its mentions kept.
      return `:no_entry: Not started: the access policy no longer allows this capture: ${outcome.reason ?? 'no reason given'}`;
  }
}

/**
 * The approval card: what would be captured, who may decide and until when;
 * Approve and Deny buttons while it is pending, the outcome once decided.
 */
export function approvalCard(approval: PendingApproval, outcome?: ApprovalOutcome): SlackMessage {
  const head = headline(approval);
  const status = statusLine(approval, outcome);
  const value = approvalButtonValue(approval.captureId, approval.command);
  const alertLine = approval.alert ? alertDetailLine(approval.alert) : undefined;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: head } },
    {
      type: 'section',
      fields: [
        field('Requester', mention(approval.requestedBy)),
        approval.target ? field('Target', code(targetWords(approval.target))) : field('Pod', code(approval.pod)),
        field('Namespace', code(approval.namespace)),
        field('Duration', formatDuration(approval.durationSeconds)),
        field('Snaplen', `${approval.snaplen} bytes`),
        field('Driver', approval.driver),
        field('Filter', approval.filter === undefined ? '_none_' : code(approval.filter)),
        field('Who may approve', approversText(approval)),
        field('Expires', formatUtc(new Date(approval.expiresAt))),
      ],
    },
    ...(alertLine ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: alertLine } }] : []),
    ...(approval.resolved && approval.resolved.length > 0
      ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: resolvedText(approval.resolved, approval.target?.kind === 'node') } }]
      : []),
    { type: 'section', text: { type: 'mrkdwn', text: status } },
  ];
  if (outcome === undefined) {
    blocks.push({
      type: 'actions',
      block_id: APPROVAL_BLOCK,
      elements: [
        { type: 'button', action_id: APPROVE_ACTION, style: 'primary', text: { type: 'plain_text', text: 'Approve' }, value },
        { type: 'button', action_id: DENY_ACTION, style: 'danger', text: { type: 'plain_text', text: 'Deny' }, value },
      ],
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `capture ${approval.captureId} · policy: ${escapeMrkdwn(approval.rule)}` }] });
  const pods = approval.resolved && approval.resolved.length > 0 ? `\n${resolvedText(approval.resolved, approval.target?.kind === 'node')}` : '';
  return { text: `${head}${pods}\n${status}`, blocks };
}
