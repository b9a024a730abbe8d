import { describe, expect, it } from 'vitest';
import type { CaptureLimits } from './capture-spec.js';
import { parseCaptureCommand } from './grammar.js';
import { captureHelp } from './usage.js';

const LIMITS: CaptureLimits = { minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' };
const ID = '01JDQ3V8X6M2T9R4K7C5N1B0FZ';

describe('/capture status and /capture list', () => {
  it.each([
    ['status', { kind: 'status' }],
    [`status ${ID}`, { kind: 'status', captureId: ID }],
    [`status ${ID.toLowerCase()}`, { kind: 'status', captureId: ID }],
    [`  status\t${ID}  `, { kind: 'status', captureId: ID }],
    ['list', { kind: 'list' }],
  ])('reads %j', (text, expected) => {
    expect(parseCaptureCommand(text, LIMITS)).toEqual(expected);
  });

  it.each([
    ['status 42', /`42` is not a capture id/],
    [`status ${ID} ${ID}`, /takes at most one capture id/],
    ['status -- proc.name=x', /takes no `--`/],
    ['list 10', /`\/capture list` takes nothing after it, but `10` follows it/],
    ['list -- x', /but `--` follows it/],
  ])('refuses %j', (text, problem) => {
    const parsed = parseCaptureCommand(text, LIMITS);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.problem).toMatch(problem);
  });

  it('still captures a pod named status or list when an option comes first', () => {
    expect(parseCaptureCommand('-n shop status', LIMITS)).toMatchObject({ kind: 'capture', spec: { pod: 'status', namespace: 'shop' } });
    expect(parseCaptureCommand('-n shop list', LIMITS)).toMatchObject({ kind: 'capture', spec: { pod: 'list' } });
  });

  it('are in the help', () => {
    expect(captureHelp(LIMITS)).toContain('`/capture status [ID]`');
    expect(captureHelp(LIMITS)).toContain('`/capture list`');
  });
});

describe('/capture policy', () => {
  it.each([
    ['policy', { kind: 'policy', namespace: 'default' }],
    ['policy -n shop', { kind: 'policy', namespace: 'shop' }],
    ['policy --namespace=shop', { kind: 'policy', namespace: 'shop' }],
    ['policy -ns shop', { kind: 'policy', namespace: 'shop' }],
  ])('%j', (text, expected) => {
    expect(parseCaptureCommand(text, LIMITS)).toStrictEqual(expected);
  });

  it.each([
    ['policy shop', '`shop`'],
    ['policy -n', 'needs a namespace'],
    ['policy -n Shop', 'lowercase'],
    ['policy -n shop extra', '`extra`'],
    ['policy -- x', 'takes no `--`'],
  ])('refuses %j, naming %s', (text, says) => {
    const parsed = parseCaptureCommand(text, LIMITS);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' ? parsed.problem : '').toContain(says);
  });

  it('still captures a pod named policy when an option comes first', () => {
    expect(parseCaptureCommand('-n shop policy', LIMITS)).toMatchObject({ kind: 'capture', spec: { pod: 'policy' } });
  });
});
