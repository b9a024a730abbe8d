import { UserFacingError } from '../capture/user-facing-error.js';

/** What the channel sees of a failure: the error itself when it was written for people, else a pointer to the logs. */
export function failureStatus(error: unknown, captureId: string): { stage: 'failed'; reason: string; detail?: string } {
  if (error instanceof UserFacingError) {
    return { stage: 'failed', reason: error.message, ...(error.detail && { detail: error.detail }) };
  }
  return { stage: 'failed', reason: `internal error; the worker logs have the details under capture id ${captureId}` };
}
