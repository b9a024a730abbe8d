/**
 * An error whose message is written for the person in the channel: what
 * happened and what to do next. Any other error is logged with the capture id
 * and shown in Slack only as a short generic line.
 */
export class UserFacingError extends Error {
  override readonly name: string = 'UserFacingError';
}
