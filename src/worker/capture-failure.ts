import { UserFacingError } from '../capture/user-facing-error.js';

/** The short line the channel sees for an error that was not written for it. */
export function failureReason(error: unknown, captureId: string): string {
  if (error instanceof UserFacingError) return error.message;
  return `internal error; the worker logs have the details under capture id ${captureId}`;
}
