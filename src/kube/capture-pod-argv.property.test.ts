import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaptureLimits } from '../capture/capture-spec.js';
import { parseCaptureCommand } from '../capture/grammar.js';
import { anyCommandText, jobFrom } from '../capture/testdata/command-arbitraries.js';
import { buildCapturePod, CAPTURE_CONTAINER, HOLDER_CONTAINER } from './capture-pod.js';
import { DEFAULT_CAPTURE_POD_SETTINGS } from './capture-pod-settings.js';

const LIMITS: CaptureLimits = { minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' };
const RUNS = 10_000;
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', '/bin/sh', '/bin/bash', '/usr/bin/env']);

describe('the capture pod built from any accepted command (fast-check, 10,000 runs)', () => {
  it('never puts what was typed in front of a shell: sysdig gets argv, the filter as one element after --', () => {
    let built = 0;
    fc.assert(
      fc.property(anyCommandText, (text) => {
        const parsed = parseCaptureCommand(text, LIMITS);
        if (parsed.kind !== 'capture' || parsed.spec.target) return;
        const job = jobFrom(parsed);
        if (!job.success) throw new Error(`an accepted command made an invalid job: ${job.error.message}`);
        built += 1;
        const pod = buildCapturePod(job.data, { ...DEFAULT_CAPTURE_POD_SETTINGS, nodeName: 'node-a' });
        const capture = pod.spec?.initContainers?.find((c) => c.name === CAPTURE_CONTAINER);
        const holder = pod.spec?.containers.find((c) => c.name === HOLDER_CONTAINER);
        const argv = [...(capture?.command ?? []), ...(capture?.args ?? [])];
        expect(SHELLS.has(argv[0] ?? '')).toBe(false);
        expect(argv).not.toContain('-c');
        if (parsed.spec.filter !== undefined) {
          expect(argv.at(-1)).toBe(parsed.spec.filter);
          expect(argv.at(-2)).toBe('--');
        }
        // The holder's shell line is fixed text: nothing typed reaches it.
        expect(holder?.command).toEqual(['/bin/sh', '-c', 'trap "exit 0" TERM INT; sleep infinity & wait']);
        expect(holder?.args).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
    expect(built).toBeGreaterThan(RUNS / 20);
  });
});
