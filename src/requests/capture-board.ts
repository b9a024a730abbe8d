import type { CaptureStatus } from '../capture/capture-status.js';
import type { ApprovalOutcome, PendingApproval } from '../queue/pending-approval.js';
import type { CaptureRequestView } from './capture-request-view.js';

/**
 * The messages everyone in a capture's channel sees: its status message and
 * its approval card; Slack's chat API in production. Each call throws when
 * the message could not be posted or changed; the use case decides what follows.
 */
export interface CaptureBoard {
  /** Posts the status message in the request's channel; its ts. */
  postStatus(request: CaptureRequestView, status: CaptureStatus): Promise<string>;
  updateStatus(request: CaptureRequestView, ts: string, status: CaptureStatus): Promise<void>;
  /** Posts the approval card (with its buttons) in the request's channel; its ts. */
  postCard(approval: PendingApproval): Promise<string>;
  /** Rewrites the card with its outcome, without buttons. */
  updateCard(approval: PendingApproval, ts: string, outcome: ApprovalOutcome): Promise<void>;
  /** A private line to the person who asked for this capture, wherever they can be reached. */
  tellRequester(approval: PendingApproval, text: string): Promise<void>;
}
