import type { ApprovalOutcome, PendingApproval } from '../queue/pending-approval.js';
import { correctionLine } from './ack-messages.js';
import { code, escapeMrkdwn, formatUtc, mention } from './mrkdwn.js';
import { targetText } from './capture-target-text.js';

// Policy reasons are the policy's own words with Slack mentions in them (<@U…>, <#C…>); they hold no user text.

/** The ephemeral answer to a request the policy refuses: the reason names the rule and the limit; corrected: a command the policy allows. */
export function policyRefusalText(reason: string, corrected?: string): string {
  const next = corrected === undefined ? '' : `\n${correctionLine(corrected)}`;
  return `:no_entry: ${reason} Nothing was started.${next}`;
}

export function approvalRequestedText(approval: PendingApproval, who: string): string {
  return (
    `:hourglass_flowing_sand: Capture ${code(approval.captureId)} of ${targetText(approval)} ` +
    `needs an approval from ${who} (${escapeMrkdwn(approval.rule)}). I posted the request in the channel; ` +
    `it expires at ${formatUtc(new Date(approval.expiresAt))}.`
  );
}

export function approvalNotPostedText(captureId: string, why: string): string {
  return `:warning: Capture ${code(captureId)} was not started: I could not ask for its approval (${escapeMrkdwn(why)}). Try again in a moment.`;
}

/** A late click. */
export const EXPIRED_TEXT = ':hourglass: this request expired before anyone decided; nothing was started. Run `/capture` again if it is still needed.';

export function alreadyDecidedText(outcome: ApprovalOutcome): string {
  const when = formatUtc(new Date(outcome.at));
  switch (outcome.kind) {
    case 'approved':
      return `:information_source: this request was already approved by ${mention(outcome.by)} at ${when}.`;
    case 'denied':
      return `:information_source: this request was already denied by ${mention(outcome.by)} at ${when}.`;
    case 'refused':
    case 'expired':
      return `:information_source: this request is closed (${outcome.kind} at ${when}); nothing was started.`;
  }
}

export function unknownRequestText(captureId: string): string {
  return `:warning: I know of no capture request ${code(captureId)}. Nothing was done.`;
}

export function mismatchedButtonText(captureId: string): string {
  return `:warning: This button does not match capture request ${code(captureId)}. Nothing was done.`;
}

/** `reason` is canDecide's "you can't approve this: …". */
export function notAllowedText(reason: string): string {
  return `:no_entry: ${reason}`;
}

export function policyNowRefusesText(reason: string): string {
  return `:no_entry: The access policy changed since this was requested and no longer allows it: ${reason} Nothing was started.`;
}

export function deniedText(approval: PendingApproval, by: string, reason: string | undefined): string {
  const why = reason ? `: ${escapeMrkdwn(reason)}` : ' (no reason given)';
  return `:no_entry_sign: ${mention(by)} denied your capture of ${targetText(approval)}${why}. Nothing was started.`;
}
