import type { ApprovalClaim } from '../queue/approval-store.js';
import type { RequestTexts } from '../requests/request-texts.js';
import { acceptedText, cannotPostText } from './ack-messages.js';
import { approversText } from './approval-card.js';
import {
  EXPIRED_TEXT,
  alreadyDecidedText,
  approvalNotPostedText,
  approvalRequestedText,
  deniedText,
  mismatchedButtonText,
  notAllowedText,
  policyNowRefusesText,
  policyRefusalText,
  unknownRequestText,
} from './approval-messages.js';
import { CANCEL_UNAVAILABLE_TEXT, cancelFailedText, cancelOutcomeText } from './cancel-messages.js';
import { targetText } from './capture-target-text.js';
import { foundInNoClusterText, foundInSeveralClustersText, unknownClusterText, unreachableClusterText } from './cluster-messages.js';
import { code } from './mrkdwn.js';
import { notesText, resolveFailedText, unresolvedText } from './resolution-messages.js';
import { slackError } from './slack-error.js';

function notPendingText(captureId: string, result: Exclude<ApprovalClaim, { kind: 'claimed' }>): string {
  switch (result.kind) {
    case 'expired':
      return EXPIRED_TEXT;
    case 'decided':
      return alreadyDecidedText(result.outcome);
    case 'unknown':
      return unknownRequestText(captureId);
  }
}

/** The use cases' answers in Slack mrkdwn, from the message builders. */
export const slackRequestTexts: RequestTexts = {
  policyRefusal: policyRefusalText,
  resolveFailed: resolveFailedText,
  unresolved: unresolvedText,
  accepted: (request, notes) => `${acceptedText(request.captureId, targetText(request))}${notesText(notes)}`,
  cannotPost: (captureId, error) => cannotPostText(captureId, slackError(error)),
  approvalRequested: (approval, notes) => `${approvalRequestedText(approval, approversText(approval))}${notesText(notes)}`,
  approvalNotStored: (captureId) => approvalNotPostedText(captureId, 'the approval store (Redis) is unavailable'),
  approvalNotPosted: (captureId, error) => approvalNotPostedText(captureId, slackError(error)),
  notPending: notPendingText,
  mismatchedButton: mismatchedButtonText,
  notAllowed: notAllowedText,
  decidedElsewhere: (approval) => `:no_entry: Capture ${code(approval.captureId)} can only be approved or denied on its card in <#${approval.channel}>. Nothing changed.`,
  policyNowRefuses: policyNowRefusesText,
  stillBeingPosted: () => ':warning: This request is still being posted; try again in a moment.',
  denyDialogFailed: (error) => `:warning: I could not open the Deny dialog (${slackError(error)}); click Deny again.`,
  denied: deniedText,
  cancelUnavailable: () => CANCEL_UNAVAILABLE_TEXT,
  cancelFailed: cancelFailedText,
  cancelOutcome: cancelOutcomeText,
  unknownCluster: unknownClusterText,
  unreachableCluster: unreachableClusterText,
  foundInSeveralClusters: foundInSeveralClustersText,
  foundInNoCluster: foundInNoClusterText,
};
