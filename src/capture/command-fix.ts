/**
 * One word (or `-M 600`-style pair) of the command to write differently, so a
 * refusal can offer the command that would have worked. `to` empty drops it.
 */
export interface CommandFix {
  readonly from: string;
  readonly to: string;
}

/** The words with the first run equal to `fix.from` replaced; undefined when the command does not hold it as typed. */
export function applyFix(words: readonly string[], fix: CommandFix): string[] | undefined {
  const from = fix.from.split(' ');
  const to = fix.to === '' ? [] : fix.to.split(' ');
  for (let start = 0; start + from.length <= words.length; start += 1) {
    if (from.every((word, offset) => words[start + offset] === word)) {
      return [...words.slice(0, start), ...to, ...words.slice(start + from.length)];
    }
  }
  return undefined;
}

/** The command text after `/capture` from its words and filter, as the user would type it again. */
export function commandFrom(words: readonly string[], filterText: string | undefined): string {
  const filter = filterText === undefined ? '' : ` -- ${filterText.trim()}`;
  return `${words.join(' ')}${filter}`;
}
