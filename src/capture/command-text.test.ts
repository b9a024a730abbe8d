import { describe, expect, it } from 'vitest';
import type { CaptureLimits, CaptureSpec } from './capture-spec.js';
import { captureCommandText } from './command-text.js';
import { parseCaptureCommand } from './grammar.js';

const LIMITS: CaptureLimits = { minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' };

function parsedSpec(text: string, limits: CaptureLimits = LIMITS): CaptureSpec | undefined {
  const parsed = parseCaptureCommand(text, limits);
  return parsed.kind === 'capture' ? parsed.spec : undefined;
}

/** A small seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const FILTER_PIECES = ['"x"', "'y'", 'proc.name=nginx', ' ', '  ', 'and', 'fd.port', '<', '>=', '&', '&&', '"', "'", '“', '’', '—', '-', '--', '\t', 'x', '(', ')', '&amp;', '&lt;', '<http://e.example|e.example>', 'é', ';', '$(id)', '`', '(x)', '")"', "'('"];

describe('captureCommandText', () => {
  it('spells out every field', () => {
    const spec: CaptureSpec = { pod: 'web-1', namespace: 'prod', durationSeconds: 90, snaplen: 256, driver: 'kmod', filter: 'fd.port<1024 && proc.name="a"' };
    expect(captureCommandText(spec)).toBe(`web-1 -n prod 1m30s -s 256 --driver kmod -- 'fd.port&lt;1024 &amp;&amp; proc.name="a"'`);
    expect(captureCommandText({ ...spec, filter: undefined })).toBe('web-1 -n prod 1m30s -s 256 --driver kmod');
  });

  it('keeps what was asked for when the default driver changes', () => {
    const spec = parsedSpec('web-1') as CaptureSpec;
    expect(parsedSpec(captureCommandText(spec), { ...LIMITS, defaultDriver: 'kmod' })).toStrictEqual(spec);
  });

  it.each([
    'ticket-balancer-5967c66fb4-qnzj6 -n ticket-generator 30s',
    'web-1 -n prod 2m -s 128 --ebpf -- "proc.name=nginx and fd.port=80"',
    `web-1 -- '"x"'`,
    'web-1 -- evt.buffer contains "it\'s"',
    `web-1 -- a="b'c"`,
    'web-1 -- fd.port &lt; 1024 &amp;&amp; x',
    'web-1 -- &amp;lt;',
    'web-1 -- fd.name=<http://example.com|example.com>',
  ])('gives back the spec of %j', (text) => {
    const spec = parsedSpec(text);
    expect(spec).toBeDefined();
    expect(parsedSpec(captureCommandText(spec as CaptureSpec))).toStrictEqual(spec);
  });

  it('gives back the spec of every accepted command in 2000 generated ones', () => {
    const next = random(20_261_128);
    let accepted = 0;
    for (let round = 0; round < 2_000; round += 1) {
      const pieces = Array.from({ length: 1 + Math.floor(next() * 8) }, () => FILTER_PIECES[Math.floor(next() * FILTER_PIECES.length)]);
      const seconds = 1 + Math.floor(next() * 300);
      const quote = ['', '', '"', "'"][Math.floor(next() * 4)];
      const text = `pod-${round} -n ns-${round % 7} ${seconds} -s ${1 + Math.floor(next() * 4096)} -- ${quote}${pieces.join('')}${quote}`;
      const spec = parsedSpec(text);
      if (spec === undefined) continue;
      accepted += 1;
      expect(parsedSpec(captureCommandText(spec)), text).toStrictEqual(spec);
    }
    // Lone quotes and parentheses make many of them unbalanced, which the filter check refuses.
    expect(accepted).toBeGreaterThan(700);
  });
});

describe('captureCommandText of a target wider than one pod', () => {
  const LIMITS = { minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' } as const;
  it.each(['deploy/web -n shop 2m', 'statefulset/db -n shop', 'ds/agent -n kube-system -s 256', '-l app=web,tier!=db -n shop -- fd.port=80', 'node/node-a 45s --driver kmod'])(
    'parses back to the same spec for %j',
    (text) => {
      const parsed = parseCaptureCommand(text, LIMITS);
      if (parsed.kind !== 'capture') throw new Error(JSON.stringify(parsed));
      expect(parseCaptureCommand(captureCommandText(parsed.spec), LIMITS)).toEqual(parsed);
    },
  );
});
