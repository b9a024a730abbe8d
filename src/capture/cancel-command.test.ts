import { describe, expect, it } from 'vitest';
import type { CaptureLimits } from './capture-spec.js';
import { parseCaptureCommand } from './grammar.js';

const LIMITS: CaptureLimits = { minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' };
const ID = '01JDQ3V8X6M2T9R4K7C5N1B0FZ';
const parse = (text: string) => parseCaptureCommand(text, LIMITS);

describe('/capture cancel', () => {
  it('reads the capture id', () => {
    expect(parse(`cancel ${ID}`)).toEqual({ kind: 'cancel', captureId: ID });
  });

  it('accepts the id in lower case, as a phone may have typed it', () => {
    expect(parse(`cancel ${ID.toLowerCase()}`)).toEqual({ kind: 'cancel', captureId: ID });
  });

  it.each([
    ['cancel', 'Which capture?'],
    [`cancel ${ID} now`, '`now` follows it'],
    ['cancel 12345', '`12345` is not a capture id'],
    [`cancel ${ID.slice(0, 25)}I`, 'is not a capture id'],
    [`cancel ${ID} -- evt.type=open`, 'takes no `--`'],
    ['cancel `rm -rf /`', 'is not a capture id'],
  ])('refuses "%s", saying %s', (text, problem) => {
    const parsed = parse(text);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.problem).toContain(problem);
  });

  it('still captures a pod named cancel when an option comes first', () => {
    expect(parse('-n shop cancel')).toMatchObject({ kind: 'capture', spec: { pod: 'cancel', namespace: 'shop' } });
  });
});
