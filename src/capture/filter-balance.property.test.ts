import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findImbalance } from './filter-balance.js';

const RUNS = 10_000;
const SCOPE = 'container.id in ("0123456789ab", \'ba9876543210\')';

/**
 * How a sysdig lexer reads a backslash inside quotes: falcosecurity/libs (the
 * capture image's sysdig) ends a string at a quote unless the character right
 * before it is a backslash; older sysdig let a backslash escape the next one.
 */
type EscapeRule = 'raw-previous' | 'escapes-next';

interface Reading {
  /** Per character: outside quotes, and the parenthesis depth before it. */
  readonly characters: readonly { readonly outside: boolean; readonly depth: number }[];
  readonly endsInQuote: boolean;
  readonly depth: number;
}

/** A reference lexer, written apart from the checker, as plainly as possible. */
function read(text: string, rule: EscapeRule): Reading {
  const characters: { outside: boolean; depth: number }[] = [];
  let quote: string | undefined;
  let previous = '';
  let escaped = false;
  let depth = 0;
  for (const character of text) {
    characters.push({ outside: quote === undefined, depth });
    if (quote === undefined) {
      if (character === '"' || character === "'") quote = character;
      else if (character === '(') depth += 1;
      else if (character === ')') depth -= 1;
      previous = character;
      continue;
    }
    const closes = rule === 'raw-previous' ? character === quote && previous !== '\\' : character === quote && !escaped;
    escaped = rule === 'escapes-next' && character === '\\' && !escaped;
    previous = character;
    if (closes) quote = undefined;
  }
  return { characters, endsInQuote: quote !== undefined, depth };
}

function balanced(reading: Reading): boolean {
  return !reading.endsInQuote && reading.depth === 0 && reading.characters.every((c) => c.depth >= 0);
}

function sameQuotedSpans(a: Reading, b: Reading): boolean {
  return a.characters.every((c, i) => c.outside === b.characters[i]?.outside);
}

/** Strings made mostly of the characters the checker cares about. */
const anyFilterText = fc.string({
  unit: fc.constantFrom('(', ')', '"', "'", '\\', '\\', ' ', 'a', 'o', 'r', '=', '😀'),
  maxLength: 30,
});

const bareValue = fc.stringMatching(/^[a-z0-9_./:-]{1,8}$/);

/** A quoted string whose content may hold parentheses, the other quote and escapes. */
function quoted(quote: '"' | "'"): fc.Arbitrary<string> {
  const other = quote === '"' ? "'" : '"';
  const piece = fc.oneof(
    fc.constantFrom('a', ' ', '(', ')', other, 'and', 'or', ') or ('),
    fc.constant(`\\${quote}`),
    fc.constant('\\\\x'),
  );
  return fc.array(piece, { maxLength: 6 }).map((pieces) => `${quote}${pieces.join('')}${quote}`);
}

const value = fc.oneof(bareValue, quoted('"'), quoted("'"));
const field = fc.constantFrom('proc.name', 'fd.sport', 'evt.type', 'evt.buffer', 'container.id', 'k8s.pod.name');
const space = fc.constantFrom(' ', '  ', '\t');

const check = fc.oneof(
  fc.tuple(field, fc.constantFrom('=', '!=', ' contains ', ' startswith ', '>'), value).map(([f, op, v]) => `${f}${op}${v}`),
  fc.tuple(field, fc.array(value, { minLength: 1, maxLength: 3 })).map(([f, vs]) => `${f} in (${vs.join(', ')})`),
  fc.tuple(field, value).map(([f, v]) => `tolower(${f})=${v}`),
  field.map((f) => `${f} exists`),
);

/** Random well-formed sysdig filter expressions. */
const { expression } = fc.letrec<{ expression: string }>((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    check,
    tie('expression').map((e) => `(${e})`),
    tie('expression').map((e) => `not ${e}`),
    fc.tuple(tie('expression'), space, fc.constantFrom('and', 'or'), space, tie('expression')).map((parts) => parts.join('')),
  ),
}));

const accepted = (text: string): boolean => findImbalance(text) === undefined;

describe('findImbalance (fast-check, 10,000 runs each)', () => {
  it('accepts random well-formed filter expressions', () => {
    fc.assert(
      fc.property(expression, (filter) => {
        expect(findImbalance(filter)).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it.each<EscapeRule>(['raw-previous', 'escapes-next'])(
    'an accepted filter wrapped as (scope) and (F) never closes the scope group, read the %s way',
    (rule) => {
      let checked = 0;
      fc.assert(
        fc.property(fc.oneof(anyFilterText, expression), (filter) => {
          if (!accepted(filter)) return;
          checked += 1;
          const head = `(${SCOPE}) and (`;
          const wrapped = read(`${head}${filter})`, rule);
          const start = [...head].length;
          const inFilter = wrapped.characters.slice(start, start + [...filter].length);
          for (const character of inFilter) if (character.outside) expect(character.depth).toBeGreaterThanOrEqual(1);
          const closing = wrapped.characters.at(-1);
          expect(closing).toStrictEqual({ outside: true, depth: 1 });
          expect(wrapped.endsInQuote).toBe(false);
          expect(wrapped.depth).toBe(0);
        }),
        { numRuns: RUNS },
      );
      expect(checked).toBeGreaterThan(RUNS / 10);
    },
  );

  it('accepts exactly the filters both lexers find balanced, with the same quoted stretches', () => {
    fc.assert(
      fc.property(fc.oneof(anyFilterText, expression), (filter) => {
        const libs = read(filter, 'raw-previous');
        const older = read(filter, 'escapes-next');
        const both = balanced(libs) && balanced(older) && sameQuotedSpans(libs, older);
        expect(accepted(filter)).toBe(both);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps an accepted filter accepted when it is embedded in a larger expression', () => {
    const acceptedText = fc.oneof(anyFilterText, expression).filter(accepted);
    fc.assert(
      fc.property(acceptedText, acceptedText, (f, g) => {
        for (const embedded of [`(${SCOPE}) and (${f})`, `${f} and ${g}`, `(${f}) or (${g})`, `not (${f})`, `(${g}) and (${f})`]) {
          expect(findImbalance(embedded)).toBeUndefined();
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('points at the character it names', () => {
    fc.assert(
      fc.property(anyFilterText, (filter) => {
        const imbalance = findImbalance(filter);
        if (!imbalance) return;
        const characters = [...filter];
        if (imbalance.kind === 'unopened-parenthesis') expect(characters[imbalance.at - 1]).toBe(')');
        if (imbalance.kind === 'unclosed-parentheses') for (const at of imbalance.at) expect(characters[at - 1]).toBe('(');
        if (imbalance.kind === 'unclosed-quote' || imbalance.kind === 'quote-after-backslashes') {
          expect(characters[imbalance.at - 1]).toBe(imbalance.quote);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
