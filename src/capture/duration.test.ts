import { describe, expect, it } from 'vitest';
import { formatDuration, parseDurationSeconds } from './duration.js';

describe('parseDurationSeconds', () => {
  it.each([
    ['30s', 30],
    ['2m', 120],
    ['1m30s', 90],
    ['45', 45],
    ['007', 7],
    ['0', 0],
    ['0s', 0],
    ['90m', 5_400],
    ['24h', 86_400],
    ['7d', 604_800],
    ['1d2h3m4s', 93_784],
    ['1h30s', 3_630],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });

  it.each([
    [''],
    [' 30s'],
    ['30s '],
    ['30S'],
    ['1.5m'],
    ['-5'],
    ['+5'],
    ['1s1m'],
    ['30s30s'],
    ['1m 30s'],
    ['s'],
    ['m30'],
    ['30sec'],
    ['1w'],
    ['ten'],
    ['１０'],
  ])('refuses %j', (text) => {
    expect(parseDurationSeconds(text)).toBeUndefined();
  });

  it('refuses numbers too large to be exact instead of returning a rounded or infinite value', () => {
    expect(parseDurationSeconds('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseDurationSeconds('9007199254740993')).toBeUndefined();
    expect(parseDurationSeconds('9'.repeat(400))).toBeUndefined();
    expect(parseDurationSeconds(`${'9'.repeat(20)}d`)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [1, '1s'],
    [59, '59s'],
    [60, '1m'],
    [90, '1m30s'],
    [300, '5m'],
    [3_600, '1h'],
    [3_630, '1h30s'],
    [86_400, '1d'],
    [90_061, '1d1h1m1s'],
    [604_800, '7d'],
  ])('writes %i seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('never writes an empty or fractional duration', () => {
    expect(formatDuration(-5)).toBe('0s');
    expect(formatDuration(89.6)).toBe('1m30s');
    expect(formatDuration(0.4)).toBe('0s');
  });

  it.each([1, 30, 59, 61, 299, 3_599, 3_601, 86_399, 86_401, 604_800, 1_234_567])(
    'is read back by parseDurationSeconds (%i)',
    (seconds) => {
      expect(parseDurationSeconds(formatDuration(seconds))).toBe(seconds);
    },
  );
});
