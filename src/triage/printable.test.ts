import { describe, expect, it } from 'vitest';
import { printable } from './printable.js';

describe('printable', () => {
  it('keeps printable ASCII as it is', () => {
    expect(printable('text/plain: Content-type')).toEqual({ text: 'text/plain: Content-type', shortened: false });
  });

  it('spells out control bytes, bytes above ASCII and backslashes', () => {
    expect(printable('a\r\n\t\u0000\u00ff\\b')).toEqual({ text: 'a\\r\\n\\t\\x00\\xff\\\\b', shortened: false });
  });

  it('stops before the limit without splitting an escape', () => {
    expect(printable('abc\u0001', 5)).toEqual({ text: 'abc', shortened: true });
    expect(printable('x'.repeat(300)).text).toHaveLength(160);
  });
});
