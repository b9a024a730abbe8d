import { captureIdSchema } from './capture-job.js';
import { showToken } from './show-token.js';

/** `/capture status [ID]` and `/capture list`, read; or the problem with what was typed. */
export type HistoryCommand =
  /** Without an id: this channel's captures that have not finished. */
  | { readonly kind: 'status'; readonly captureId?: string }
  | { readonly kind: 'list' }
  | { readonly kind: 'invalid'; readonly problem: string };

const STATUS_HOW = 'write `/capture status` for this channel\'s running captures, or `/capture status ID` with the id shown under a status message (`capture 01J…`)';

/** Reads the words after `status` (and any text after `--`, which status does not take). */
export function readStatusCommand(words: readonly string[], filterText: string | undefined): HistoryCommand {
  if (filterText !== undefined) return { kind: 'invalid', problem: `\`/capture status\` takes no \`--\`: ${STATUS_HOW}.` };
  const [id, extra] = words;
  if (id === undefined) return { kind: 'status' };
  const captureId = id.toUpperCase();
  if (!captureIdSchema.safeParse(captureId).success) {
    return { kind: 'invalid', problem: `${showToken(id)} is not a capture id (26 letters and digits): ${STATUS_HOW}.` };
  }
  if (extra !== undefined) return { kind: 'invalid', problem: `\`/capture status\` takes at most one capture id, but ${showToken(extra)} follows it.` };
  return { kind: 'status', captureId };
}

/** Reads the words after `list`: there must be none. */
export function readListCommand(words: readonly string[], filterText: string | undefined): HistoryCommand {
  const extra = words[0] ?? (filterText !== undefined ? '--' : undefined);
  if (extra !== undefined) {
    return { kind: 'invalid', problem: `\`/capture list\` takes nothing after it, but ${showToken(extra)} follows it: it lists this channel's last 10 captures.` };
  }
  return { kind: 'list' };
}
