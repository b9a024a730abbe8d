import { describe, expect, it } from 'vitest';
import { filterBalanceProblem, findImbalance } from './filter-balance.js';

describe('findImbalance', () => {
  it.each([
    'proc.name=nginx',
    'proc.name=nginx or fd.sport=80',
    '(proc.name=nginx or fd.sport=80) and not evt.type=write',
    'proc.name in (nginx, "haproxy", \'envoy\')',
    'evt.buffer contains ")"',
    "evt.buffer contains ') or ('",
    'evt.buffer contains "it\'s (not) here"',
    'evt.buffer contains \'say "hi" (twice)\'',
    'evt.buffer contains "a \\" ) b"',
    'evt.buffer contains "a\\\\\\" ) b"',
    'tolower(proc.name)=nginx',
    '""',
    '((((a))))',
  ])('%j balances', (filter) => {
    expect(findImbalance(filter)).toBeUndefined();
    expect(filterBalanceProblem(filter)).toBeUndefined();
  });

  it.each([
    ['proc.name=haproxy) or (evt.type=write', { kind: 'unopened-parenthesis', at: 18 }],
    [')', { kind: 'unopened-parenthesis', at: 1 }],
    ['(a)) or ((b)', { kind: 'unopened-parenthesis', at: 4 }],
    ['proc.name="nginx', { kind: 'unclosed-quote', at: 11, quote: '"' }],
    ["proc.name='nginx\" or a", { kind: 'unclosed-quote', at: 11, quote: "'" }],
    ['evt.buffer contains "a\\"', { kind: 'unclosed-quote', at: 21, quote: '"' }],
    ['"', { kind: 'unclosed-quote', at: 1, quote: '"' }],
    ['(proc.name=a', { kind: 'unclosed-parentheses', at: [1] }],
    ['(a and (b or (c)', { kind: 'unclosed-parentheses', at: [1, 8] }],
    ['evt.buffer contains "a\\\\" or b', { kind: 'quote-after-backslashes', at: 25, quote: '"' }],
    ["evt.buffer contains 'a\\\\\\\\'", { kind: 'quote-after-backslashes', at: 27, quote: "'" }],
    // Characters, not UTF-16 units: the emoji counts once.
    ['proc.name=😀) or (x', { kind: 'unopened-parenthesis', at: 12 }],
  ])('%j: %o', (filter, imbalance) => {
    expect(findImbalance(filter)).toStrictEqual(imbalance);
  });

  it('names an unopened parenthesis before an unclosed quote that follows it', () => {
    expect(findImbalance('a) or "b')).toStrictEqual({ kind: 'unopened-parenthesis', at: 2 });
  });

  it('names an unclosed quote before the parentheses left open inside it', () => {
    expect(findImbalance('(a = "b)')).toStrictEqual({ kind: 'unclosed-quote', at: 6, quote: '"' });
  });
});

describe('filterBalanceProblem', () => {
  it.each([
    [
      'proc.name=haproxy) or (evt.type=write',
      'The filter `proc.name=haproxy) or (evt.type=write` is refused: the `)` at character 18 closes a parenthesis that was never opened. Quotes must close and parentheses pair up, so that a filter only narrows what is captured.',
    ],
    [
      'proc.name="nginx',
      'The filter `proc.name="nginx` is refused: the `"` at character 11 is never closed. Quotes must close and parentheses pair up, so that a filter only narrows what is captured.',
    ],
    [
      "proc.name='nginx",
      "The filter `proc.name='nginx` is refused: the `'` at character 11 is never closed. Quotes must close and parentheses pair up, so that a filter only narrows what is captured.",
    ],
    [
      '(a and (b or c',
      'The filter `(a and (b or c` is refused: 2 parentheses opened at characters 1 and 8 are never closed. Quotes must close and parentheses pair up, so that a filter only narrows what is captured.',
    ],
    [
      '(a',
      'The filter `(a` is refused: the `(` at character 1 is never closed. Quotes must close and parentheses pair up, so that a filter only narrows what is captured.',
    ],
    [
      'evt.buffer contains "a\\\\"',
      'The filter `evt.buffer contains "a\\\\"` is refused: the `"` at character 25 follows an escaped backslash, and sysdig releases disagree on whether it ends the string; a value cannot end in a backslash. Quotes must close and parentheses pair up, so that a filter only narrows what is captured.',
    ],
  ])('%j', (filter, problem) => {
    expect(filterBalanceProblem(filter)).toBe(problem);
  });

  it('lists at most five positions of the parentheses left open', () => {
    expect(filterBalanceProblem('((((((((a')).toContain('8 parentheses opened at characters 1, 2, 3, 4, 5 and 3 more are never closed');
  });

  it('quotes the stretch around the problem in a long filter', () => {
    const filter = `${'proc.name=a or '.repeat(10)}x) or (y${' or proc.name=b'.repeat(10)}`;
    const at = filter.indexOf(')') + 1;
    const problem = filterBalanceProblem(filter) ?? '';
    expect(problem).toContain(`the \`)\` at character ${at} closes`);
    expect(problem).toContain(`\`…${filter.slice(at - 51, at + 20)}…\``);
  });

  it('keeps a backtick in the filter from ending the quote', () => {
    expect(filterBalanceProblem('proc.name=`id`)')).toContain('"proc.name=`id`)"');
  });
});
