import { code, escapeMrkdwn } from './mrkdwn.js';

/** The line every refusal ends with, instead of the whole help. */
export const HELP_POINTER = '`/capture help` lists every form.';

/** corrected: the text after `/capture` that would have worked, when there is one. */
export function correctionLine(corrected: string | undefined): string {
  return corrected === undefined ? HELP_POINTER : `Try ${code(`/capture ${corrected}`)} · ${HELP_POINTER}`;
}

/** Two lines: what was wrong (nothing was started), then the corrected command if any and where the forms are. */
export function invalidCommandText(problem: string, corrected?: string): string {
  return `:warning: ${escapeMrkdwn(problem)} Nothing was started.\n${correctionLine(corrected)}`;
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
