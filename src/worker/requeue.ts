import { UserFacingError } from '../capture/user-facing-error.js';

/** A limit holds the capture back: the job goes back to the queue (delayed) and tries again. */
export class CaptureMustWait extends Error {
  override readonly name = 'CaptureMustWait';
  constructor(readonly waitingFor: string) {
    super(`waiting: ${waitingFor}`);
  }
}

/** The worker let go of the capture (shutdown, or its lock passed to another worker); its pod stays for the next attempt. */
export class CaptureReleased extends Error {
  override readonly name = 'CaptureReleased';
}

/** `/capture cancel`: the job ends failed with who cancelled it. */
export class CaptureCancelled extends UserFacingError {
  override readonly name = 'CaptureCancelled';
  constructor(readonly by: string) {
    super(`cancelled by ${by}`);
  }
}

/** The capture went back to the queue rather than ending: not a failure. */
export function isHandedBack(error: unknown): boolean {
  return error instanceof CaptureMustWait || error instanceof CaptureReleased;
}
