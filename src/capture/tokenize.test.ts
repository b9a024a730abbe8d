import { describe, expect, it } from 'vitest';
import { restoreOptionDashes, splitCommand, startsWithDash } from './tokenize.js';

describe('restoreOptionDashes', () => {
  it.each([
    ['—namespace', '--namespace'],
    ['–namespace=prod', '--namespace=prod'],
    ['—snaplen', '--snaplen'],
    ['—driver', '--driver'],
    ['—ebpf', '--ebpf'],
    ['—help', '--help'],
    ['—chisel', '--chisel'],
    ['—n', '-n'],
    ['–ns', '-ns'],
    ['–ns=prod', '-ns=prod'],
    ['—M', '-M'],
    ['‒s', '-s'],
    ['−5', '-5'],
    ['—', '--'],
    ['–', '--'],
    ['—-namespace', '--namespace'],
    ['web-1', 'web-1'],
    ['-n', '-n'],
    ['--namespace', '--namespace'],
    ['a—b', 'a—b'],
  ])('%j → %j', (word, restored) => {
    expect(restoreOptionDashes(word)).toBe(restored);
  });
});

describe('startsWithDash', () => {
  it.each([
    ['-w', true],
    ['—w', true],
    ['‐x', true],
    ['proc.name=-1', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(startsWithDash(text)).toBe(expected);
  });
});

describe('splitCommand', () => {
  it('splits at any whitespace and keeps no filter when there is no --', () => {
    expect(splitCommand(' web-1\t-n\nprod  30s ')).toStrictEqual({ words: ['web-1', '-n', 'prod', '30s'] });
  });

  it('keeps the text after the first -- exactly as typed', () => {
    expect(splitCommand('web-1 -n prod --  proc.name=a  -- -w "x  y"\n')).toStrictEqual({
      words: ['web-1', '-n', 'prod'],
      filterText: '  proc.name=a  -- -w "x  y"\n',
    });
  });

  it('treats a lone em or en dash as --, and --x as a word, not the separator', () => {
    expect(splitCommand('web-1 — fd.port=80')).toStrictEqual({ words: ['web-1'], filterText: ' fd.port=80' });
    expect(splitCommand('web-1 --fd.port=80')).toStrictEqual({ words: ['web-1', '--fd.port=80'] });
  });

  it('gives an empty filter text for a trailing --', () => {
    expect(splitCommand('web-1 --')).toStrictEqual({ words: ['web-1'], filterText: '' });
  });

  it('gives no words for blank text', () => {
    expect(splitCommand('  \n ')).toStrictEqual({ words: [] });
  });
});
