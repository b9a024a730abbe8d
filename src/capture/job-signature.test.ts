import { describe, expect, it } from 'vitest';
import { Secret } from '../secret.js';
import { canonicalJson } from './canonical-json.js';
import { signJob, verifyJob } from './job-signature.js';

const KEY = new Secret('unit-test-signing-key-0123456789abcdef');
const OLD_KEY = new Secret('unit-test-old-signing-key-0123456789abc');
const NOW = new Date('2026-12-03T10:00:00.000Z');
const HOUR = 3_600_000;
const job = { captureId: '01JABCDEFGHJKMNPQRSTVWXYZ0', namespace: 'shop', durationSeconds: 30, approvedBy: 'U2', resolved: [{ node: 'n1', pods: ['a'] }] };

describe('job signatures', () => {
  it('serialise keys sorted at every depth, so the same job always gives the same bytes', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe('{"a":{"d":[2,{"e":0,"f":1}]},"b":1}');
    expect(signJob([KEY], 'capture', { ...job }, NOW, HOUR)).toEqual(signJob([KEY], 'capture', Object.fromEntries(Object.entries(job).reverse()), NOW, HOUR));
  });

  it('verify the job they were made for, until the deadline', () => {
    const signature = signJob([KEY], 'capture', job, NOW, HOUR);
    expect(signature.deadline).toBe('2026-12-03T11:00:00.000Z');
    expect(verifyJob([KEY], 'capture', job, signature, new Date(NOW.getTime() + HOUR))).toEqual({ ok: true });
    expect(verifyJob([KEY], 'capture', job, signature, new Date(NOW.getTime() + HOUR + 1))).toEqual({
      ok: false,
      reason: 'the job expired at 2026-12-03T11:00:00.000Z before a worker started it',
      authentic: true,
    });
    expect(verifyJob([KEY], 'capture', job, signature, new Date(NOW.getTime() + 2 * HOUR), false)).toEqual({ ok: true });
  });

  it.each([
    ['a longer duration', { ...job, durationSeconds: 86_400 }],
    ['another approver', { ...job, approvedBy: 'U666' }],
    ['another node', { ...job, resolved: [{ node: 'n2', pods: ['a'] }] }],
    ['an added field', { ...job, filter: 'proc.name=sh' }],
  ])('refuse a job altered to %s', (_what, altered) => {
    const signature = signJob([KEY], 'capture', job, NOW, HOUR);
    expect(verifyJob([KEY], 'capture', altered, signature, NOW)).toEqual({
      ok: false,
      reason: "the job's signature does not match its data (altered, or signed with another key)",
      authentic: false,
    });
  });

  it('refuse an unsigned job, a moved deadline, another key and a relink signature passed off as a capture', () => {
    const signature = signJob([KEY], 'capture', job, NOW, HOUR);
    expect(verifyJob([KEY], 'capture', job, undefined, NOW)).toEqual({ ok: false, reason: 'the job is not signed by the bot', authentic: false });
    expect(verifyJob([KEY], 'capture', job, { ...signature, deadline: '2027-01-01T00:00:00.000Z' }, NOW).ok).toBe(false);
    expect(verifyJob([OLD_KEY], 'capture', job, signature, NOW).ok).toBe(false);
    expect(verifyJob([KEY], 'capture', job, signJob([KEY], 'relink', job, NOW, HOUR), NOW).ok).toBe(false);
  });

  it('sign with the first key and accept any listed one, for a rotation', () => {
    const byOld = signJob([OLD_KEY], 'capture', job, NOW, HOUR);
    expect(verifyJob([KEY, OLD_KEY], 'capture', job, byOld, NOW)).toEqual({ ok: true });
    expect(verifyJob([OLD_KEY], 'capture', job, signJob([KEY, OLD_KEY], 'capture', job, NOW, HOUR), NOW).ok).toBe(false);
  });
});
