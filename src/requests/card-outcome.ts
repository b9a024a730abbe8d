import type { Logger } from 'pino';
import type { ApprovalOutcome, PendingApproval } from '../queue/pending-approval.js';
import type { CaptureBoard } from './capture-board.js';

/**
 * Rewrites the approval card with its outcome (no buttons). `clickedTs` is the
 * message the click came from, used when the card's ts was never stored.
 */
export async function showOutcomeOnCard(board: CaptureBoard, approval: PendingApproval, outcome: ApprovalOutcome, log: Logger, clickedTs?: string): Promise<void> {
  const ts = approval.cardTs ?? clickedTs;
  if (ts === undefined) {
    log.warn({ captureId: approval.captureId }, 'approval card not updated: its ts is unknown');
    return;
  }
  await board.updateCard(approval, ts, outcome).catch((error: unknown) => log.warn({ err: error, captureId: approval.captureId }, 'approval card could not be updated'));
}
