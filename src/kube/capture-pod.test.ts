import { readFileSync, writeFileSync } from 'node:fs';
import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';
import { Pod } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import type { Driver } from '../capture/driver.js';
import { DRIVERS } from '../capture/driver.js';
import { buildCapturePod, CAPTURE_CONTAINER, HOLDER_CONTAINER, tracePathInPod } from './capture-pod.js';
import { DEFAULT_CAPTURE_POD_SETTINGS } from './capture-pod-settings.js';
import { sampleJob } from './testdata/sample-job.js';

const placement = { ...DEFAULT_CAPTURE_POD_SETTINGS, nodeName: 'ip-10-40-1-17.eu-west-1.compute.internal' };
// UPDATE_GOLDEN=1 npx vitest run src/kube/capture-pod.test.ts rewrites the golden files.
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

function podFor(driver: Driver, filter = 'proc.name=haproxy and fd.port=80') {
  return buildCapturePod(sampleJob({ driver, filter }), placement);
}

/** The pod as JSON, the way it is compared and sent. */
function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

describe('buildCapturePod', () => {
  describe.each(DRIVERS.map((d) => [d]))('with the %s driver', (driver) => {
    const golden = new URL(`./testdata/capture-pod.${driver}.golden.json`, import.meta.url);

    it('matches its golden file', () => {
      const pod = plain(podFor(driver));
      if (UPDATE) writeFileSync(golden, `${JSON.stringify(pod, null, 2)}\n`);
      expect(pod).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
    });

    it('is a valid Pod for the Kubernetes OpenAPI schema', () => {
      expect(() => new Pod(plain(podFor(driver)) as never).validate()).not.toThrow();
    });

    it('reaches the API unchanged through client-node, so no field is misspelt and dropped', () => {
      const pod = podFor(driver);
      expect(plain(ObjectSerializer.serialize(pod, 'V1Pod'))).toEqual(plain(pod));
    });
  });

  it('fails schema validation when the spec is broken', () => {
    const broken = plain(podFor('kmod'));
    const spec = broken.spec as { hostPID: unknown; initContainers: Array<Record<string, unknown>> };
    spec.hostPID = 'yes';
    delete spec.initContainers[0]!.name;
    expect(() => new Pod(broken as never).validate()).toThrow(/hostPID must be boolean/);
    expect(() => new Pod(broken as never).validate()).toThrow(/must have required property name/);
  });

  it('is pinned to the target node, tolerates every taint and sees host processes', () => {
    const { spec } = podFor('modern-bpf');
    expect(spec?.nodeName).toBe(placement.nodeName);
    expect(spec?.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(spec?.hostPID).toBe(true);
    expect(spec?.restartPolicy).toBe('Never');
    expect(spec?.automountServiceAccountToken).toBe(false);
  });

  it('ends on its own after the capture plus the startup allowance', () => {
    const pod = buildCapturePod(sampleJob({ durationSeconds: 120 }), { ...placement, startupAllowanceSeconds: 300 });
    expect(pod.spec?.activeDeadlineSeconds).toBe(420);
  });

  it('lives in the capture namespace under a name derived from the capture id', () => {
    const pod = buildCapturePod(sampleJob(), { ...placement, namespace: 'sre-captures' });
    expect(pod.metadata?.namespace).toBe('sre-captures');
    expect(pod.metadata?.name).toBe('capture-01j9z8x7w6v5t4s3r2q1p0nmkh');
  });

  it('keeps labels valid for a 253-character target pod name and puts long values in annotations', () => {
    const pod = `${'a'.repeat(62)}.${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(64)}`;
    expect(pod).toHaveLength(253);
    const { metadata } = buildCapturePod(sampleJob({ pod, requestedBy: 'Jane Doe (U024BE7LH)' }), placement);
    for (const value of Object.values(metadata?.labels ?? {})) expect(value).toMatch(LABEL_VALUE);
    expect(metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'capturebot',
      'capturebot.io/capture-id': '01J9Z8X7W6V5T4S3R2Q1P0NMKH',
    });
    expect(metadata?.annotations).toMatchObject({
      'capturebot.io/target-pod': pod,
      'capturebot.io/target-namespace': 'ticket-generator',
      'capturebot.io/requested-by': 'Jane Doe (U024BE7LH)',
    });
  });

  it('writes the trace to a size-limited emptyDir the holder can only read', () => {
    const pod = buildCapturePod(sampleJob(), { ...placement, sizeLimit: '512Mi' });
    const capture = pod.spec?.initContainers?.[0];
    const holder = pod.spec?.containers[0];
    expect(pod.spec?.volumes).toContainEqual({ name: 'captures', emptyDir: { sizeLimit: '512Mi' } });
    expect(capture?.volumeMounts).toContainEqual({ name: 'captures', mountPath: '/captures' });
    expect(holder?.volumeMounts).toEqual([{ name: 'captures', mountPath: '/captures', readOnly: true }]);
    expect(capture?.args).toContain(tracePathInPod(sampleJob()));
  });

  it('mounts the host read-only under /host, runtime sockets included', () => {
    const capture = podFor('kmod').spec?.initContainers?.[0];
    const hostMounts = capture?.volumeMounts?.filter((m) => m.mountPath.startsWith('/host/')) ?? [];
    expect(hostMounts.map((m) => m.mountPath).sort()).toEqual(
      ['/host/boot', '/host/dev', '/host/etc', '/host/lib/modules', '/host/proc', '/host/run', '/host/usr'],
    );
    for (const mount of hostMounts) expect(mount.readOnly).toBe(true);
  });

  it('runs sysdig privileged in the init container and an unprivileged holder', () => {
    const { spec } = podFor('ebpf');
    const [capture] = spec?.initContainers ?? [];
    const [holder] = spec?.containers ?? [];
    expect(capture?.name).toBe(CAPTURE_CONTAINER);
    expect(capture?.securityContext?.privileged).toBe(true);
    expect(holder?.name).toBe(HOLDER_CONTAINER);
    expect(holder?.image).toBe(capture?.image);
    expect(holder?.securityContext).toMatchObject({
      privileged: false,
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('gives the holder a fixed command that carries no user text', () => {
    const filter = 'proc.name=x; touch /tmp/owned';
    const holder = buildCapturePod(sampleJob({ filter }), placement).spec?.containers[0];
    const text = JSON.stringify([holder?.command, holder?.args, holder?.env]);
    expect(text).not.toContain('touch');
    expect(text).not.toContain('ticket-balancer');
    expect(holder?.command?.[2]).toMatch(/trap .*TERM/);
  });

  it('sets requests and limits on both containers from the settings', () => {
    const { spec } = buildCapturePod(sampleJob(), {
      ...placement,
      captureResources: { requests: { cpu: '200m', memory: '300Mi' }, limits: { cpu: '2', memory: '2Gi' } },
    });
    expect(spec?.initContainers?.[0]?.resources).toEqual({
      requests: { cpu: '200m', memory: '300Mi' },
      limits: { cpu: '2', memory: '2Gi' },
    });
    expect(spec?.containers[0]?.resources).toEqual({ ...DEFAULT_CAPTURE_POD_SETTINGS.holderResources });
  });

  it('uses the configured image for both containers', () => {
    const { spec } = buildCapturePod(sampleJob(), { ...placement, image: 'registry.local/sysdig:0.40.1' });
    expect(spec?.initContainers?.[0]?.image).toBe('registry.local/sysdig:0.40.1');
    expect(spec?.containers[0]?.image).toBe('registry.local/sysdig:0.40.1');
  });
});
