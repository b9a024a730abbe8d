import { describe, expect, it } from 'vitest';
import type { CaptureLimits } from './capture-spec.js';
import { parseCaptureCommand } from './grammar.js';

const LIMITS: CaptureLimits = { minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' };

/** Each row: the command text, then what the one-sentence problem must say (the offending word first). */
type Refusal = [string, string[]];

function expectRefused(text: string, mentions: string[]): void {
  const parsed = parseCaptureCommand(text, LIMITS);
  expect(parsed.kind).toBe('invalid');
  const problem = parsed.kind === 'invalid' ? parsed.problem : '';
  for (const mention of mentions) expect(problem).toContain(mention);
  expect(problem).not.toContain('\n');
  expect(problem).toMatch(/[.?]$/);
}

describe('parseCaptureCommand refuses every option it does not define, naming it', () => {
  it.each<Refusal>([
    ['web-1 -w /tmp/x.scap', ['`-w`', 'not a /capture option', 'writes the trace file itself']],
    ['web-1 --write=/tmp/x', ['`--write`', 'not a /capture option']],
    ['web-1 -r trace.scap', ['`-r`', 'not a /capture option']],
    ['web-1 --chisel topconns', ['`--chisel`', 'chisels are not run']],
    ['web-1 --chisel=spy_users', ['`--chisel`', 'not a /capture option']],
    ['web-1 -A', ['`-A`', 'not a /capture option']],
    ['web-1 -X', ['`-X`', 'not a /capture option']],
    ['web-1 -p %proc.name', ['`-p`', 'not a /capture option']],
    ['web-1 -k http://127.0.0.1:8080', ['`-k`', 'not a /capture option']],
    ['web-1 -K /var/run/secrets/token', ['`-K`', 'not a /capture option']],
    ['web-1 -pk', ['`-pk`', 'not a /capture option']],
    ['web-1 -z', ['`-z`', 'always compressed']],
    ['web-1 -e 1000', ['`-e`', 'not a /capture option']],
    ['web-1 -F', ['`-F`', 'not a /capture option']],
    ['web-1 -j', ['`-j`', 'not a /capture option']],
    ['web-1 -v', ['`-v`', 'not a /capture option']],
    ['web-1 -C 100', ['`-C`', 'not a /capture option']],
    ['web-1 -G 60', ['`-G`', 'not a /capture option']],
    ['web-1 -W 5', ['`-W`', 'not a /capture option']],
    ['web-1 -B', ['`-B`', '`--driver ebpf`']],
    ['web-1 --modern-bpf', ['`--modern-bpf`', '`--driver modern-bpf`']],
    ['web-1 --cri /run/containerd/containerd.sock', ['`--cri`', 'not a /capture option']],
    ['web-1 --image evil/sysdig', ['`--image`', 'not a /capture option']],
    ['web-1 -m 30', ['`-m`', 'did you mean `-M`?']],
    ['web-1 -S 200', ['`-S`', 'did you mean `-s`?']],
    ['web-1 --Namespace prod', ['`--Namespace`', 'did you mean `--namespace`?']],
    ['web-1 -', ['`-`', 'not a /capture option']],
    ['web-1 —chisel topconns', ['`--chisel`', 'not a /capture option']],
    ['web-1 —w /tmp/x', ['`-w`', 'not a /capture option']],
  ])('%j', expectRefused);
});

describe('parseCaptureCommand refuses words that are not Kubernetes names', () => {
  it.each<Refusal>([
    ['web-1; rm -rf /', ['`web-1;`', 'not a valid pod name']],
    ['$(reboot)', ['`$(reboot)`', 'not a valid pod name']],
    ['`id`', ['"`id`"', 'not a valid pod name']],
    ['web-1|nc', ['`web-1|nc`', 'not a valid pod name']],
    ['web-1&&reboot', ['`web-1&&reboot`', 'not a valid pod name']],
    ['web-1 ; rm -rf /', ['`;`', 'Unexpected']],
    ['web-1 && reboot', ['`&&`', 'Unexpected']],
    ['web-1 | nc evil 80', ['`|`', 'Unexpected']],
    ['web-1 -n "$(id)"', ['`"$(id)"`', 'not a valid namespace name']],
    ['../etc/passwd', ['`../etc/passwd`', 'not a valid pod name']],
    ['pod/web_1', ['`web_1`', 'not a valid pod name']],
    ['web_1', ['`web_1`', 'not a valid pod name']],
    ['web-', ['`web-`', 'not a valid pod name']],
    ['Web-1', ['`Web-1`', 'lowercase', 'did you mean `web-1`?']],
    ['web-1 -n Prod', ['`Prod`', 'lowercase', 'did you mean `prod`?']],
    ['web-1 -n prod.eu', ['`prod.eu`', 'not a valid namespace name']],
    [`${'a'.repeat(254)}`, ['254 characters', 'at most 253', `\`${'a'.repeat(79)}…\``]],
    [`web-1 -n ${'a'.repeat(64)}`, ['namespace', '64 characters', 'at most 63']],
    ['web-1 web-2', ['`web-2`', 'Unexpected', 'one pod']],
    ['web-1 prod', ['`prod`', 'Unexpected', '`-n prod`']],
    ['web-1 -n', ['`-n`', 'needs a namespace']],
    ['web-1 -n 1000', ['`-n 1000`', "sysdig's event count"]],
  ])('%j', expectRefused);
});

describe('parseCaptureCommand refuses Slack mentions, channels and links where names belong', () => {
  it.each<Refusal>([
    ['<@U024BE7LH>', ['`@U024BE7LH`', 'Slack mention', 'not a pod name']],
    ['<@U024BE7LH|alice> -n prod', ['`@alice`', 'Slack mention']],
    ['web-1 <@U024BE7LH>', ['`@U024BE7LH`', 'Slack mention']],
    ['<!here>', ['`@here`', 'Slack mention']],
    ['<#C024BE7LR|prod>', ['`#prod`', 'Slack channel', 'not a pod name']],
    ['web-1 -n <#C024BE7LR|prod>', ['`#prod`', 'Slack channel', 'write `prod` without the `#`']],
    ['<https://grafana.example.com/d/abc>', ['`https://grafana.example.com/d/abc`', 'a link']],
    ['web-1 &lt;script&gt;', ['`<script>`', 'Unexpected']],
  ])('%j', expectRefused);
});

describe('parseCaptureCommand refuses unclear durations', () => {
  it.each<Refusal>([
    ['web-1 30s 1m', ['duration is given twice', '`30s`', '`1m`']],
    ['web-1 30s -M 30', ['duration is given twice', '`30s`', '`-M 30`']],
    ['web-1 -M=30 2m', ['duration is given twice', '`-M=30`', '`2m`']],
    ['web-1 -M 30 -M 40', ['duration is given twice', '`-M 30`', '`-M 40`']],
    ['web-1 -M 30s', ['`30s`', 'whole number of seconds', 'without `-M`']],
    ['web-1 -M 1.5', ['`1.5`', 'whole number of seconds']],
    ['web-1 -M', ['`-M`', 'needs a number of seconds']],
    ['web-1 -M -5', ['`-M`', 'next word is `-5`']],
    ['web-1 6m', ['`6m`', 'limit of 5m']],
    ['web-1 301', ['`301`', 'limit of 5m']],
    ['web-1 -M 3600', ['`-M 3600`', 'limit of 5m']],
    ['web-1 0s', ['`0s`', 'minimum of 1s']],
    ['web-1 -M 0', ['`-M 0`', 'minimum of 1s']],
    ['web-1 30sec', ['`30sec`', 'not a duration']],
    ['web-1 1.5m', ['`1.5m`', 'not a duration']],
    ['30s', ['`30s`', 'looks like a duration', 'pod']],
    ['30s web-1', ['`30s`', 'looks like a duration']],
  ])('%j', expectRefused);
});

describe('parseCaptureCommand refuses options given twice, in conflict, or without their value', () => {
  it.each<Refusal>([
    ['web-1 -n a -n b', ['namespace is given twice', '`-n a`', '`-n b`']],
    ['web-1 -n a --namespace=b', ['namespace is given twice', '`--namespace=b`']],
    ['web-1 -n a -n a', ['namespace is given twice']],
    ['web-1 -s 80 --snaplen 90', ['snaplen is given twice', '`--snaplen 90`']],
    ['web-1 --driver kmod --driver ebpf', ['driver is given twice', '`--driver ebpf`']],
    ['web-1 --ebpf --ebpf', ['is given twice (`--ebpf`)']],
    ['web-1 --ebpf --driver kmod', ['`--ebpf`', '`--driver kmod`', 'give one of them']],
    ['web-1 --driver modern-bpf --ebpf', ['`--ebpf`', '`--driver modern-bpf`']],
    ['web-1 -n -s 80', ['`-n`', 'needs a namespace', 'next word is `-s`']],
    ['web-1 --namespace=', ['`--namespace`', 'after the `=`']],
    ['web-1 -n -- proc.name=x', ['`-n`', 'needs a namespace']],
    ['web-1 -s', ['`-s`', 'needs a number of bytes']],
    ['web-1 -s 0', ['`0`', 'at least 1 byte']],
    ['web-1 -s 4097', ['`4097`', 'limit of 4096 bytes']],
    ['web-1 -s 80b', ['`80b`', 'whole number of bytes']],
    ['web-1 --snaplen -1', ['`--snaplen`', 'next word is `-1`']],
    ['web-1 --driver', ['`--driver`', 'needs a driver (modern-bpf, ebpf or kmod)']],
    ['web-1 --driver bpf', ['`bpf`', 'not a capture driver', 'modern-bpf, ebpf or kmod']],
    ['web-1 --driver=', ['`--driver`', 'after the `=`']],
    ['web-1 --ebpf=true', ['`--ebpf`', 'takes no value']],
  ])('%j', expectRefused);
});

describe('parseCaptureCommand refuses filters that are empty, look like options or span lines', () => {
  it.each<Refusal>([
    ['web-1 --', ['Nothing follows `--`']],
    ['web-1 --   ', ['Nothing follows `--`']],
    ['web-1 -- ""', ['is empty', '`""`']],
    ["web-1 -- '  '", ['is empty']],
    ['web-1 -- -w /tmp/x', ['`-w`', 'cannot start with `-`']],
    ['web-1 -- "-c topconns"', ['`-c`', 'cannot start with `-`']],
    ['web-1 -- —w /tmp/x', ['`—w`', 'cannot start with `-`']],
    ['web-1 -- proc.name=a\nproc.name=b', ['more than one line']],
    ['web-1 -- proc.name=a\rproc.name=b', ['more than one line']],
    ['web-1 -- proc.name=a\u2028proc.name=b', ['more than one line']],
    ['web-1 -- proc.name=a\u0000', ['control character', '\\u0000']],
    ['web-1 -- proc.name=a\u001b[31m', ['control character', '\\u001b']],
  ])('%j', expectRefused);
});

describe('parseCaptureCommand refuses filters that could reach outside the capture\'s scope', () => {
  it.each<Refusal>([
    ['web-1 -- proc.name=haproxy) or (evt.type=write', ['`proc.name=haproxy) or (evt.type=write`', 'the `)` at character 18 closes a parenthesis that was never opened']],
    ['web-1 -n prod 30s -- "proc.name=a) or (b"', ['`proc.name=a) or (b`', 'the `)` at character 12']],
    ['web-1 -- proc.name="nginx', ['the `"` at character 11 is never closed']],
    ["web-1 -- proc.name='nginx", ["the `'` at character 11 is never closed"]],
    ['web-1 -- (proc.name=a or (b', ['2 parentheses opened at characters 1 and 17 are never closed']],
    ['web-1 -- evt.buffer contains "x\\\\" or (a', ['the `"` at character 25 follows an escaped backslash']],
    ['deploy/web -- a) or (b', ['the `)` at character 2']],
    ['node/node-a -- a) or (b', ['the `)` at character 2']],
  ])('%j', expectRefused);
});

describe('parseCaptureCommand asks for the pod when there is none', () => {
  it.each<Refusal>([
    ['-n prod', ['Which pod?']],
    ['-- proc.name=nginx', ['Which pod?']],
    ['--driver kmod -s 100', ['Which pod?']],
  ])('%j', expectRefused);
});

describe('parseCaptureCommand offers the corrected command when a mistake has one fix', () => {
  /** Each row: the command text, then the text after `/capture` that it offers instead. */
  it.each<[string, string]>([
    ['ticket-balancer -n ticket-generator 10m', 'ticket-balancer -n ticket-generator 5m'],
    ['ticket-balancer -n ticket-generator 0s', 'ticket-balancer -n ticket-generator 1s'],
    ['web-1 -M 600', 'web-1 -M 300'],
    ['web-1 -M=600', 'web-1 -M=300'],
    ['web-1 -M 30s', 'web-1 30s'],
    ['web-1 -s 9000', 'web-1 -s 4096'],
    ['web-1 --snaplen=9000', 'web-1 --snaplen=4096'],
    ['web-1 -m 30', 'web-1 -M 30'],
    ['web-1 --Namespace=shop 30s', 'web-1 --namespace=shop 30s'],
    ['web-1 -B', 'web-1 --driver ebpf'],
    ['web-1 -z 30s', 'web-1 30s'],
    ['web-1 -d 30s', 'web-1 30s'],
    ['Web-1 -n shop', 'web-1 -n shop'],
    ['web-1 -n Shop', 'web-1 -n shop'],
    ['web-1 shop 30s', 'web-1 -n shop 30s'],
    ['deploy/web -n shop 10m -- proc.name=nginx', 'deploy/web -n shop 5m -- proc.name=nginx'],
    // Two fixable mistakes: both are fixed.
    ['web-1 10m -s 9000', 'web-1 5m -s 4096'],
  ])('%j → %j', (text, corrected) => {
    const parsed = parseCaptureCommand(text, LIMITS);
    expect(parsed).toMatchObject({ kind: 'invalid', corrected });
    expect(parseCaptureCommand(corrected, LIMITS).kind).toBe('capture');
  });

  it.each([
    'web-1 --image evil/sysdig',
    'web-1 -n 1000',
    'web-1 -n shop prod',
    'web-1 10m -w /tmp/x',
    'web-1; rm -rf /',
    '-n shop 30s',
    'web-1 --driver fast',
  ])('offers none for %j, where no one fix gives a command that works', (text) => {
    const parsed = parseCaptureCommand(text, LIMITS);
    expect(parsed.kind).toBe('invalid');
    expect(parsed).not.toHaveProperty('corrected');
  });
});
