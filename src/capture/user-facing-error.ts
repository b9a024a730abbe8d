/**
 * An error whose message is written for the person in the channel: what
 * happened and what to do next. Any other error is logged with the capture id
 * and shown in Slack only as a short generic line.
 */
export class UserFacingError extends Error {
  override readonly name: string = 'UserFacingError';
  /** Evidence worth quoting as it is, e.g. the tail of a container's log. */
  readonly detail: string | undefined;

  constructor(message: string, options?: { cause?: unknown; detail?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.detail = options?.detail;
  }
}
