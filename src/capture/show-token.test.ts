import { describe, expect, it } from 'vitest';
import { showToken } from './show-token.js';

describe('showToken', () => {
  it.each([
    ['web-1', '`web-1`'],
    ['`id`', '"`id`"'],
    ['a\u0000b', '`a\\u0000b`'],
    ['a\tb', '`a\\u0009b`'],
    ['a'.repeat(80), `\`${'a'.repeat(80)}\``],
    ['a'.repeat(81), `\`${'a'.repeat(79)}…\``],
    ['é'.repeat(81), `\`${'é'.repeat(79)}…\``],
    ['<!channel>', '`<!channel>`'],
  ])('%j → %j', (token, shown) => {
    expect(showToken(token)).toBe(shown);
  });
});
