import { showToken } from './show-token.js';

export type FilterQuote = '"' | "'";

/**
 * Why a filter's quotes or parentheses do not balance. Positions are 1-based
 * and count characters (code points) of the filter as the person wrote it.
 */
export type FilterImbalance =
  /** A `)` outside quotes with no `(` left open before it. */
  | { readonly kind: 'unopened-parenthesis'; readonly at: number }
  /** A quote that opens a string which never ends. */
  | { readonly kind: 'unclosed-quote'; readonly at: number; readonly quote: FilterQuote }
  /** `(` outside quotes never closed, in the order they were opened. */
  | { readonly kind: 'unclosed-parentheses'; readonly at: readonly number[] }
  /** The string's quote right after an even run of backslashes (`\\"`): see findImbalance. */
  | { readonly kind: 'quote-after-backslashes'; readonly at: number; readonly quote: FilterQuote };

function isQuote(character: string): character is FilterQuote {
  return character === '"' || character === "'";
}

/**
 * Checks that the filter's quotes close and its parentheses outside quotes
 * balance, never closing below depth zero: the worker wraps it as
 * `(scope) and (filter)`, and a filter that closed the scope's group
 * (`a) or (b`) would capture everything on the node.
 *
 * Quoting follows sysdig's filter lexer (falcosecurity/libs): `"` or `'`
 * opens a string that ends at the next quote of the same kind not right after
 * a backslash. A quote after an escaped backslash (`"a\\"`) is refused: that
 * lexer does not end the string there, older sysdig releases do, so the two
 * would disagree on which parentheses are inside quotes.
 */
export function findImbalance(filter: string): FilterImbalance | undefined {
  const opened: number[] = [];
  let quote: { readonly character: FilterQuote; readonly at: number } | undefined;
  let backslashes = 0;
  let at = 0;
  for (const character of filter) {
    at += 1;
    if (quote) {
      if (character === quote.character) {
        if (backslashes === 0) quote = undefined;
        else if (backslashes % 2 === 0) return { kind: 'quote-after-backslashes', at, quote: quote.character };
      }
      backslashes = character === '\\' ? backslashes + 1 : 0;
    } else if (isQuote(character)) {
      quote = { character, at };
      backslashes = 0;
    } else if (character === '(') {
      opened.push(at);
    } else if (character === ')' && opened.pop() === undefined) {
      return { kind: 'unopened-parenthesis', at };
    }
  }
  if (quote) return { kind: 'unclosed-quote', at: quote.at, quote: quote.character };
  if (opened.length > 0) return { kind: 'unclosed-parentheses', at: opened };
  return undefined;
}

const LISTED_POSITIONS = 5;

function listed(positions: readonly number[]): string {
  const shown = positions.slice(0, LISTED_POSITIONS).map(String);
  const more = positions.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length === 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1) ?? ''}`;
}

/** What is wrong, naming the character and where it is. */
function describeImbalance(imbalance: FilterImbalance): string {
  switch (imbalance.kind) {
    case 'unopened-parenthesis':
      return `the \`)\` at character ${imbalance.at} closes a parenthesis that was never opened`;
    case 'unclosed-quote':
      return `the ${showToken(imbalance.quote)} at character ${imbalance.at} is never closed`;
    case 'unclosed-parentheses': {
      const [only] = imbalance.at;
      if (imbalance.at.length === 1) return `the \`(\` at character ${only ?? 0} is never closed`;
      return `${imbalance.at.length} parentheses opened at characters ${listed(imbalance.at)} are never closed`;
    }
    case 'quote-after-backslashes':
      return `the ${showToken(imbalance.quote)} at character ${imbalance.at} follows an escaped backslash, and sysdig releases disagree on whether it ends the string; a value cannot end in a backslash`;
  }
}

/** Characters of a long filter shown before and after the one a problem names. */
const SHOWN_BEFORE = 50;
const SHOWN_AFTER = 20;

function firstPosition(imbalance: FilterImbalance): number {
  return imbalance.kind === 'unclosed-parentheses' ? (imbalance.at[0] ?? 1) : imbalance.at;
}

/** The filter as the problem quotes it: all of it, or for a long one the stretch around `at`. */
function excerpt(filter: string, at: number): string {
  const characters = [...filter];
  if (characters.length <= SHOWN_BEFORE + SHOWN_AFTER) return showToken(filter);
  const start = Math.max(0, at - 1 - SHOWN_BEFORE);
  const end = Math.min(characters.length, at + SHOWN_AFTER);
  return showToken(`${start > 0 ? '…' : ''}${characters.slice(start, end).join('')}${end < characters.length ? '…' : ''}`);
}

/**
 * One sentence on why the filter cannot be used, or undefined when its
 * quotes and parentheses balance. Plain text: the caller escapes it for mrkdwn.
 */
export function filterBalanceProblem(filter: string): string | undefined {
  const imbalance = findImbalance(filter);
  if (!imbalance) return undefined;
  return (
    `The filter ${excerpt(filter, firstPosition(imbalance))} is refused: ${describeImbalance(imbalance)}. ` +
    'Quotes must close and parentheses pair up, so that a filter only narrows what is captured.'
  );
}
