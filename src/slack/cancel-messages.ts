import type { CancelOutcome } from '../queue/capture-cancel.js';
import { code } from './mrkdwn.js';

const FINISHED = { completed: 'finished', failed: 'failed', cancelled: 'been cancelled' } as const;

export const CANCEL_UNAVAILABLE_TEXT = ':warning: Cancelling is not available in this installation.';

export function cancelFailedText(captureId: string): string {
  return `:warning: Capture ${code(captureId)} could not be cancelled: the capture queue (Redis) is unavailable. Try again in a moment.`;
}

export function cancelOutcomeText(captureId: string, outcome: CancelOutcome): string {
  const id = code(captureId);
  switch (outcome.kind) {
    case 'unknown':
      return `:warning: There is no capture ${id} (finished captures are forgotten after a week). Nothing was cancelled.`;
    case 'not-allowed':
      return `:no_entry: ${outcome.reason} Nothing was cancelled.`;
    case 'finished':
      return `:information_source: Capture ${id} has already ${FINISHED[outcome.state]}: there is nothing to cancel.`;
    case 'removed':
      return `:no_entry_sign: Capture ${id} is cancelled; it had not started yet.`;
    case 'signalled':
      return `:no_entry_sign: Stopping capture ${id}: its pod is deleted and any upload aborted; its status message says when it is done.`;
  }
}
