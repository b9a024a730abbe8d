import { describe, expect, it } from 'vitest';
import type { CapturePodRecord, JobStanding } from './janitor-ports.js';
import { DEADLINE_GRACE_SECONDS, janitorVerdict } from './janitor-verdict.js';

const NOW = new Date('2026-11-27T18:00:00Z');
const pod = (overrides: Partial<CapturePodRecord> = {}): CapturePodRecord => ({
  name: 'capture-01jdq3v8x6m2t9r4k7c5n1b0fz',
  captureId: '01JDQ3V8X6M2T9R4K7C5N1B0FZ',
  node: 'node-a',
  createdAt: new Date(NOW.getTime() - 60_000),
  deadlineSeconds: 630,
  terminating: false,
  channel: 'C0INCIDENT',
  statusTs: '1700000000.000100',
  ...overrides,
});

describe('janitorVerdict', () => {
  it.each([
    ['completed', 'its capture had finished'],
    ['failed', 'its capture had failed'],
    ['unknown', 'no capture job knows it any more'],
  ] as const)('removes a pod whose job is %s, saying %s', (state, why) => {
    expect(janitorVerdict(pod(), state, NOW)).toEqual({ remove: true, why });
  });

  it.each(['active', 'waiting', 'delayed', 'prioritized'] as const satisfies readonly JobStanding['state'][])(
    'keeps a pod whose job is %s and within its deadline: a resumed job re-attaches to it',
    (state) => {
      expect(janitorVerdict(pod(), state, NOW)).toEqual({ remove: false });
    },
  );

  it('removes a pod past its deadline and the grace, whatever its job says', () => {
    const old = pod({ createdAt: new Date(NOW.getTime() - (630 + DEADLINE_GRACE_SECONDS + 1) * 1000) });
    expect(janitorVerdict(old, 'active', NOW)).toEqual({ remove: true, why: 'it ran past its deadline of 630s' });
  });

  it('leaves the worker the grace to read a pod that has just passed its deadline', () => {
    const justPast = pod({ createdAt: new Date(NOW.getTime() - (630 + 1) * 1000) });
    expect(janitorVerdict(justPast, 'active', NOW)).toEqual({ remove: false });
  });

  it('never touches a pod already being deleted', () => {
    expect(janitorVerdict(pod({ terminating: true }), 'completed', NOW)).toEqual({ remove: false });
  });

  it('keeps a running pod without a deadline', () => {
    const ancient = pod({ createdAt: new Date(0), deadlineSeconds: undefined });
    expect(janitorVerdict(ancient, 'active', NOW)).toEqual({ remove: false });
  });
});
