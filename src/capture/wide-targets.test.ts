import { describe, expect, it } from 'vitest';
import type { CaptureLimits } from './capture-spec.js';
import { targetSubject } from './capture-target.js';
import { auditEventOf } from './audit-event.js';
import { parseCaptureCommand } from './grammar.js';

const LIMITS: CaptureLimits = { minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' };
const base = { durationSeconds: 30, snaplen: 80, driver: 'modern-bpf' };

describe('/capture of a workload, a label selector or a node', () => {
  it.each([
    ['deploy/ticket-balancer -n ticket-generator', { kind: 'deployment', name: 'ticket-balancer' }, 'ticket-generator'],
    ['deployment/web -n shop', { kind: 'deployment', name: 'web' }, 'shop'],
    ['Deployments/web -n shop', { kind: 'deployment', name: 'web' }, 'shop'],
    ['statefulset/db -n shop', { kind: 'statefulset', name: 'db' }, 'shop'],
    ['sts/db -n shop', { kind: 'statefulset', name: 'db' }, 'shop'],
    ['daemonset/agent -n kube-system', { kind: 'daemonset', name: 'agent' }, 'kube-system'],
    ['ds/agent', { kind: 'daemonset', name: 'agent' }, 'default'],
    ['-l app=web -n shop', { kind: 'selector', selector: 'app=web' }, 'shop'],
    ['--selector=app=web,tier!=db -n shop', { kind: 'selector', selector: 'app=web,tier!=db' }, 'shop'],
    ['-l app.kubernetes.io/name=web,!canary', { kind: 'selector', selector: 'app.kubernetes.io/name=web,!canary' }, 'default'],
    // An empty value is legal: pods whose label is set to ''.
    ['-l app=', { kind: 'selector', selector: 'app=' }, 'default'],
    ['node/node-a', { kind: 'node', name: 'node-a' }, 'kube-system'],
    ['no/ip-10-0-1-7.ec2.internal', { kind: 'node', name: 'ip-10-0-1-7.ec2.internal' }, 'kube-system'],
  ])('reads %j', (text, target, namespace) => {
    const parsed = parseCaptureCommand(text, LIMITS);
    expect(parsed).toEqual({ kind: 'capture', spec: { ...base, pod: targetSubject(target as never), target, namespace } });
  });

  it('takes pod/NAME as that pod and nothing else, where a bare NAME may also be a workload', () => {
    expect(parseCaptureCommand('pod/web-1 -n shop', LIMITS)).toEqual({ kind: 'capture', spec: { ...base, pod: 'web-1', namespace: 'shop', exactPod: true } });
    expect(parseCaptureCommand('web-1 -n shop', LIMITS)).toEqual({ kind: 'capture', spec: { ...base, pod: 'web-1', namespace: 'shop' } });
  });

  it('reads -c CONTAINER for a pod or a workload, and refuses it for a whole node', () => {
    expect(parseCaptureCommand('ticket-balancer -n ticket-generator -c haproxy', LIMITS)).toMatchObject({ spec: { pod: 'ticket-balancer', container: 'haproxy' } });
    expect(parseCaptureCommand('deploy/web --container=envoy', LIMITS)).toMatchObject({ spec: { target: { kind: 'deployment', name: 'web' }, container: 'envoy' } });
    expect(parseCaptureCommand('node/node-a -c app', LIMITS)).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('captures the whole node') });
    expect(parseCaptureCommand('web -c App_1', LIMITS)).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('not a container name') });
    expect(parseCaptureCommand('web -c a -c b', LIMITS)).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('The container is given twice') });
  });

  it('reads job/NAME and rs/NAME as workloads', () => {
    expect(parseCaptureCommand('job/migrate -n shop', LIMITS)).toMatchObject({ spec: { target: { kind: 'job', name: 'migrate' }, pod: 'job-migrate' } });
    expect(parseCaptureCommand('rs/web-5967c66fb4 -n shop', LIMITS)).toMatchObject({ spec: { target: { kind: 'replicaset', name: 'web-5967c66fb4' } } });
  });

  it('reads the duration, options and filter as for a pod', () => {
    const parsed = parseCaptureCommand('deploy/web -n shop 2m -s 256 -- fd.port=80', LIMITS);
    expect(parsed).toMatchObject({ spec: { durationSeconds: 120, snaplen: 256, filter: 'fd.port=80' } });
    expect(parseCaptureCommand('-l app=web 45s', LIMITS)).toMatchObject({ spec: { durationSeconds: 45 } });
    expect(parseCaptureCommand('45s -l app=web', LIMITS)).toMatchObject({ spec: { durationSeconds: 45 } });
  });

  it('names the files after the target', () => {
    expect(targetSubject({ kind: 'deployment', name: 'web' })).toBe('deployment-web');
    expect(targetSubject({ kind: 'selector', selector: 'app.kubernetes.io/name=web,!canary' })).toBe('selector-app.kubernetes.io-name-web-canary');
    expect(targetSubject({ kind: 'node', name: 'node-a' })).toBe('node-node-a');
  });

  it.each([
    ['cronjob/nightly', /cannot capture a `cronjob`; give `NAME`, `pod\/NAME`, `deploy\/NAME`/],
    ['deploy/', /`deploy\/` names no deployment/],
    ['deploy/Web', /`Web` is not a valid deployment name/],
    ['deploy/web web-1', /Unexpected `web-1` after `deploy\/web`/],
    ['web-1 -l app=web', /Give `web-1` or `-l app=web`, not both/],
    ['-l app=web -l tier=db', /The label selector is given twice/],
    ['-l tier in (a,b)', /`tier in`: set-based label selectors are not supported/],
    ['-l =web', /`=web` is not a label requirement/],
    ['-l app=we$b', /`we\$b` is not a label value/],
    ['-l app=web,,tier=db', /has an empty requirement/],
    ['node/node-a -n shop', /captures every pod on the node, whatever its namespace: leave out `-n shop`/],
    ['30s', /`30s` looks like a duration, not a pod name/],
  ])('refuses %j', (text, problem) => {
    const parsed = parseCaptureCommand(text, LIMITS);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.problem).toMatch(problem);
  });
});

describe('the audit trail of a capture over several pods', () => {
  it('names the workload as the command did, beside the namespace', () => {
    const event = auditEventOf(
      { captureId: '01JDQ3V8X6M2T9R4K7C5N1B0FZ', pod: 'deployment-web', target: { kind: 'deployment', name: 'web' }, namespace: 'shop', durationSeconds: 30, snaplen: 80, driver: 'modern-bpf', requestedBy: 'U1', channel: 'C1' },
      'requested',
    );
    expect(event.target).toMatchObject({ selection: 'deploy/web', namespace: 'shop' });
  });
});
