import { describe, expect, it } from 'vitest';
import { hardLimitRefusal, type WorkerHardLimits } from './hard-limits.js';

const limits: WorkerHardLimits = { maxDurationSeconds: 300, maxSnaplen: 4096, drivers: ['modern-bpf', 'ebpf'], captureNamespace: 'capturebot-captures' };
const job = { durationSeconds: 300, snaplen: 4096, driver: 'modern-bpf', namespace: 'shop' } as const;

describe("the worker's hard limits", () => {
  it('let a job at the limits through', () => {
    expect(hardLimitRefusal(job, limits)).toBeUndefined();
  });

  it.each([
    [{ ...job, durationSeconds: 86_400 }, "the job asks for 86400s, longer than this worker's MAX_DURATION of 300s"],
    [{ ...job, snaplen: 65_535 }, "the job asks for snaplen 65535, more than this worker's MAX_SNAPLEN of 4096"],
    [{ ...job, driver: 'kmod' as const }, 'the job asks for driver kmod, which this worker does not run (CAPTURE_DRIVERS is modern-bpf, ebpf)'],
    [{ ...job, namespace: 'capturebot-captures' }, "the job targets capturebot-captures, this worker's own capture namespace, which is never captured"],
  ])('refuse %j', (over, reason) => {
    expect(hardLimitRefusal(over, limits)).toBe(reason);
  });
});
