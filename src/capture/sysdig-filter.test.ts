import { describe, expect, it } from 'vitest';
import { MAX_FILTER_LENGTH, readFilter } from './sysdig-filter.js';

describe('readFilter', () => {
  it.each([
    [' proc.name=nginx ', 'proc.name=nginx'],
    ['"proc.name=nginx"', 'proc.name=nginx'],
    ["'proc.name=nginx'", 'proc.name=nginx'],
    ['" proc.name=nginx "', 'proc.name=nginx'],
    ['"a" or "b"', '"a" or "b"'],
    [`'"x"'`, '"x"'],
    ['""x""', '""x""'],
    ['evt.buffer contains "a  b"', 'evt.buffer contains "a  b"'],
    ['proc.name=a\tand\tfd.port=80', 'proc.name=a\tand\tfd.port=80'],
    ['proc.name=x -- -w /tmp/x', 'proc.name=x -- -w /tmp/x'],
    ['proc.name=nginx or fd.sport=80', 'proc.name=nginx or fd.sport=80'],
    ['"proc.name=nginx or (fd.sport=80 and evt.buffer contains \')\')"', "proc.name=nginx or (fd.sport=80 and evt.buffer contains ')')"],
    [`proc.name=${'x'.repeat(MAX_FILTER_LENGTH - 10)}`, `proc.name=${'x'.repeat(MAX_FILTER_LENGTH - 10)}`],
  ])('%j is the filter %j', (raw, filter) => {
    expect(readFilter(raw)).toStrictEqual({ value: filter });
  });

  it.each([
    ['', 'Nothing follows `--`'],
    ['   ', 'Nothing follows `--`'],
    ['""', 'is empty'],
    ['-w /tmp/x', 'starts with `-w`'],
    ['"-w /tmp/x"', 'starts with `-w`'],
    ['‐w', 'starts with `‐w`'],
    ['a\nb', 'more than one line'],
    ['a\u0000b', 'control character (`\\u0000`)'],
    [`proc.name=${'x'.repeat(MAX_FILTER_LENGTH)}`, `is ${MAX_FILTER_LENGTH + 10} characters long; at most ${MAX_FILTER_LENGTH} are accepted`],
    ['a\u007fb', 'control character (`\\u007f`)'],
    ['"unclosed', 'the `"` at character 1 is never closed'],
    ['"', 'the `"` at character 1 is never closed'],
    ['proc.name=haproxy) or (evt.type=write', 'the `)` at character 18 closes a parenthesis that was never opened'],
    ['"proc.name=haproxy) or (evt.type=write"', 'the `)` at character 18 closes a parenthesis that was never opened'],
    ['(proc.name=a or (b', '2 parentheses opened at characters 1 and 17 are never closed'],
  ])('%j is refused: %s', (raw, problem) => {
    const reading = readFilter(raw);
    expect('problem' in reading && reading.problem).toContain(problem);
  });
});
