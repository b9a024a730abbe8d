import { CAPTURE_USAGE } from '../capture/grammar.js';
import { code, escapeMrkdwn } from './mrkdwn.js';

export function invalidCommandText(problem: string): string {
  return `:warning: ${escapeMrkdwn(problem)}\nNothing was started.\n\n${CAPTURE_USAGE}`;
}

/** what: the target in words (targetText). */
export function acceptedText(captureId: string, what: string): string {
  return `:white_check_mark: Capture ${code(captureId)} accepted for ${what}. Progress follows in the channel.`;
}

export function cannotPostText(captureId: string, error: string): string {
  const hint =
    error === 'not_in_channel' || error === 'channel_not_found'
      ? 'Invite me to this channel (`/invite @capturebot`) and try again.'
      : 'Try again in a moment.';
  return `:warning: Capture ${code(captureId)} was not started: I could not post its status message in this channel (${error}). ${hint}`;
}
