/** ‐ ‑ ‒ – — ― −: what phones and Slack's smart punctuation put where `-` or `--` was typed. */
const TYPOGRAPHIC_DASHES = '\u2010\u2011\u2012\u2013\u2014\u2015\u2212';
const LEADING_TYPOGRAPHIC_DASHES = new RegExp(`^[${TYPOGRAPHIC_DASHES}][-${TYPOGRAPHIC_DASHES}]*`);
const STARTS_WITH_DASH = new RegExp(`^[-${TYPOGRAPHIC_DASHES}]`);
/** One or two letters (`-n`, `-ns`, `-M`, `-w`) or a number: a single-dash option. */
const SHORT_OPTION = /^(?:[A-Za-z]{1,2}(?![^=])|\d)/;

/** Whether text starts with `-` or a dash a phone may have put in its place. */
export function startsWithDash(text: string): boolean {
  return STARTS_WITH_DASH.test(text);
}

/**
 * Undoes smart punctuation at the start of a word: `—namespace` → `--namespace`,
 * `–n` / `—ns` / `—M` → `-n` / `-ns` / `-M`, and a lone `—` → `--`. iOS turns a
 * typed `--` into `—`; the grammar's long options have 4 letters or more and its
 * short ones at most 2, so the letters after the dash tell which was meant.
 */
export function restoreOptionDashes(word: string): string {
  const dashes = LEADING_TYPOGRAPHIC_DASHES.exec(word);
  if (!dashes) return word;
  const rest = word.slice(dashes[0].length);
  if (rest === '') return '--';
  return SHORT_OPTION.test(rest) ? `-${rest}` : `--${rest}`;
}

export interface CommandWords {
  /** The words before `--`, split on whitespace, with option dashes restored. */
  readonly words: readonly string[];
  /** The raw text after the first `--` word, untrimmed; undefined when there is no `--`. */
  readonly filterText?: string;
}

/**
 * Splits decoded command text at whitespace up to the first `--` word. The
 * text after it is kept as typed: a sysdig filter's own spacing and quotes
 * belong to the filter.
 */
export function splitCommand(text: string): CommandWords {
  const words: string[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    const word = restoreOptionDashes(match[0]);
    if (word === '--') return { words, filterText: text.slice(match.index + match[0].length) };
    words.push(word);
  }
  return { words };
}
