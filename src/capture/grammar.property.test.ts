import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureIdSchema } from './capture-job.js';
import type { CaptureLimits } from './capture-spec.js';
import { DRIVERS } from './driver.js';
import { parseCaptureCommand } from './grammar.js';
import { isKubeName } from './kube-names.js';
import { MAX_FILTER_LENGTH } from './sysdig-filter.js';
import { anyCommandText as anyText, jobFrom } from './testdata/command-arbitraries.js';

const LIMITS: CaptureLimits = { minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' };
const RUNS = 10_000;

describe('parseCaptureCommand on hostile input (fast-check, 10,000 runs each)', () => {
  it('never throws, and answers with help, a capture, a cancel or a one-sentence problem', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseCaptureCommand(text, LIMITS);
        expect(['help', 'capture', 'cancel', 'invalid']).toContain(parsed.kind);
        if (parsed.kind === 'invalid') {
          expect(parsed.problem.length).toBeGreaterThan(0);
          expect(parsed.problem.length).toBeLessThan(2_000);
        }
        if (parsed.kind === 'cancel') expect(captureIdSchema.safeParse(parsed.captureId).success).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts only requests within the bounds, which the worker takes as a valid job', () => {
    let accepted = 0;
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseCaptureCommand(text, LIMITS);
        if (parsed.kind !== 'capture') return;
        accepted += 1;
        const { spec } = parsed;
        expect(Number.isInteger(spec.durationSeconds)).toBe(true);
        expect(spec.durationSeconds).toBeGreaterThanOrEqual(LIMITS.minDurationSeconds);
        expect(spec.durationSeconds).toBeLessThanOrEqual(LIMITS.maxDurationSeconds);
        expect(Number.isInteger(spec.snaplen)).toBe(true);
        expect(spec.snaplen).toBeGreaterThanOrEqual(1);
        expect(spec.snaplen).toBeLessThanOrEqual(LIMITS.maxSnaplen);
        expect(DRIVERS).toContain(spec.driver);
        expect(isKubeName('namespace', spec.namespace)).toBe(true);
        if (!spec.target) expect(isKubeName('pod', spec.pod)).toBe(true);
        if (spec.filter !== undefined) {
          expect(spec.filter.trim().length).toBeGreaterThan(0);
          expect(spec.filter.length).toBeLessThanOrEqual(MAX_FILTER_LENGTH);
        }
        expect(jobFrom(parsed).success).toBe(true);
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 10);
  });
});
