import { filterBalanceProblem } from './filter-balance.js';
import { showToken } from './show-token.js';
import { startsWithDash } from './tokenize.js';
import type { ValueReading } from './value-reading.js';

/** Line breaks (also U+2028/U+2029), NUL and the other control characters; a tab is allowed. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/;

/**
 * The longest filter accepted. Real filters are a line or two; a longer one
 * would not fit the status message (Slack cuts messages at 40,000 characters)
 * and only bloats the job, the pod spec and the logs.
 */
export const MAX_FILTER_LENGTH = 1_000;

/** `"…"` or `'…'` around the whole filter, with no other quote of that kind inside. */
function unquoted(text: string): string {
  const quote = text[0];
  if ((quote === '"' || quote === "'") && text.length >= 2 && text.endsWith(quote) && !text.slice(1, -1).includes(quote)) {
    return text.slice(1, -1).trim();
  }
  return text;
}

/**
 * Reads the text after `--` as one sysdig filter: the raw remainder, trimmed,
 * with one pair of quotes around all of it removed (`-- "proc.name=nginx"`),
 * since shell habit puts them there and sysdig would read them as part of the
 * expression. It becomes a single argv element of sysdig, so it must not look
 * like an option, and must stay on one line. Its quotes and parentheses must
 * balance (filter-balance.ts): the worker joins it to the capture's scope.
 * The rest of its syntax is sysdig's business.
 */
export function readFilter(raw: string): ValueReading<string> {
  const text = raw.trim();
  if (text.length > MAX_FILTER_LENGTH) {
    return { problem: `The filter after \`--\` is ${text.length} characters long; at most ${MAX_FILTER_LENGTH} are accepted.` };
  }
  if (text === '') return { problem: 'Nothing follows `--`: give a sysdig filter after it (e.g. `-- proc.name=nginx`), or leave `--` out.' };
  const control = CONTROL.exec(text);
  if (control) {
    const problem = /[\n\r\u2028\u2029]/.test(control[0])
      ? 'The filter after `--` spans more than one line; write it on one line.'
      : `The filter after \`--\` contains a control character (${showToken(control[0])}); remove it.`;
    return { problem };
  }
  const filter = unquoted(text);
  if (filter === '') return { problem: `The filter after \`--\` is empty (${showToken(text)}): give a sysdig filter, or leave \`--\` out.` };
  if (startsWithDash(filter)) {
    const first = filter.split(/\s/)[0] ?? filter;
    return { problem: `The filter after \`--\` starts with ${showToken(first)}, but a filter cannot start with \`-\`: sysdig options cannot be passed through /capture.` };
  }
  const imbalance = filterBalanceProblem(filter);
  if (imbalance !== undefined) return { problem: imbalance };
  return { value: filter };
}
