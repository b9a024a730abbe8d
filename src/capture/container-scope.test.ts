import { describe, expect, it } from 'vitest';
import { containerScope, scopedFilter, shortContainerId } from './container-scope.js';

describe('shortContainerId', () => {
  it.each([
    ['containerd://5255305a76e4c0ffee5255305a76e4c0ffee5255305a76e4c0ffee5255305a76e4', '5255305a76e4'],
    ['cri-o://B3AEBBA43B70aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'b3aebba43b70'],
    ['docker://0123456789abcdef', '0123456789ab'],
    ['5255305a76e4', '5255305a76e4'],
  ])('%s → %s', (raw, id) => expect(shortContainerId(raw)).toBe(id));

  it.each([[undefined], [''], ['containerd://'], ['containerd://short'], ['containerd://not-hex-at-all-zzzz']])('has no id for %s', (raw) => {
    expect(shortContainerId(raw)).toBeUndefined();
  });
});

describe('scopedFilter', () => {
  it('scopes to the containers, and joins the user’s filter inside its own parentheses', () => {
    expect(scopedFilter(['5255305a76e4'], undefined)).toBe('container.id in (5255305a76e4)');
    expect(scopedFilter(['5255305a76e4', 'b3aebba43b70'], 'proc.name=nginx or fd.sport=80')).toBe(
      '(container.id in (5255305a76e4, b3aebba43b70)) and (proc.name=nginx or fd.sport=80)',
    );
  });

  it('refuses to build a scope of nothing (that would be the whole node)', () => {
    expect(() => containerScope([])).toThrow(/at least one container id/);
  });
});
