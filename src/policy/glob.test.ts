import { describe, expect, it } from 'vitest';
import { matchesGlob } from './glob.js';

describe('matchesGlob', () => {
  it.each([
    ['payments', 'payments', true],
    ['payments', 'payments-v2', false],
    ['ticket-*', 'ticket-', true],
    ['ticket-*', 'ticket-generator', true],
    ['ticket-*', 'my-ticket-1', false],
    ['*', 'anything', true],
    ['*-prod', 'shop-prod', true],
    ['*-prod', 'shop-prod-2', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a?c', 'abbc', false],
    ['a*b*c', 'a-x-b-y-c', true],
  ])('%s against %s: %s', (glob, namespace, expected) => {
    expect(matchesGlob(glob, namespace)).toBe(expected);
  });

  it('treats regular-expression characters literally', () => {
    expect(matchesGlob('a.c', 'abc')).toBe(false);
    expect(matchesGlob('a.c', 'a.c')).toBe(true);
  });
});
