import { captureIdSchema } from './capture-job.js';
import { showToken } from './show-token.js';

/** `/capture cancel ID`, read: the capture id (upper-cased), or the problem with what was typed. */
export type CancelCommand = { readonly kind: 'cancel'; readonly captureId: string } | { readonly kind: 'invalid'; readonly problem: string };

const HOW = 'write `/capture cancel ID` with the id shown under the status message (`capture 01J…`)';

/** Reads the words after `cancel` (and any text after `--`, which cancel does not take). */
export function readCancelCommand(words: readonly string[], filterText: string | undefined): CancelCommand {
  if (filterText !== undefined) return { kind: 'invalid', problem: `\`/capture cancel\` takes no \`--\`: ${HOW}.` };
  const [id, extra] = words;
  if (id === undefined) return { kind: 'invalid', problem: `Which capture? ${HOW[0]?.toUpperCase()}${HOW.slice(1)}.` };
  const captureId = id.toUpperCase();
  if (!captureIdSchema.safeParse(captureId).success) {
    return { kind: 'invalid', problem: `${showToken(id)} is not a capture id (26 letters and digits): ${HOW}.` };
  }
  if (extra !== undefined) return { kind: 'invalid', problem: `\`/capture cancel\` takes one capture id, but ${showToken(extra)} follows it: ${HOW}.` };
  return { kind: 'cancel', captureId };
}
