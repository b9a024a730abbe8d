import type { V1Pod } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { access, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixturePath } from './capture-scenario.js';
import type { CaptureScenario } from './capture-scenario.js';
import { startKubeStandIn } from './kube-stand-in.js';
import type { KubeStandIn, KubeStandInOptions } from './kube-stand-in-api.js';
import type { WirePod } from './kube-types.js';
import { execCollect, openWatch, realClients } from './real-client.js';
import type { OpenWatch } from './real-client.js';

const NS = 'capturebot-captures';
const TRACE = '/captures/capture-web-20190214T110529Z-01j.scap.gz';

/** Shaped like the worker's capture pod: sysdig in an init container, a holder sharing the emptyDir. */
function capturePod(name: string, extra: Partial<NonNullable<V1Pod['spec']>> = {}): V1Pod {
  const captures = [{ name: 'captures', mountPath: '/captures' }];
  return {
    metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'capturebot' } },
    spec: {
      nodeName: 'node-1',
      restartPolicy: 'Never',
      initContainers: [
        {
          name: 'capture',
          image: 'docker.io/sysdig/sysdig:0.40.1',
          command: ['/usr/bin/sysdig'],
          args: ['--modern-bpf', '-M', '30', '-z', '-s', '80', '-w', TRACE, '--', 'proc.name=haproxy'],
          volumeMounts: [...captures, { name: 'host-proc', mountPath: '/host/proc', readOnly: true }],
        },
      ],
      containers: [{ name: 'holder', image: 'docker.io/sysdig/sysdig:0.40.1', command: ['/bin/sh', '-c', 'sleep infinity'], volumeMounts: captures }],
      volumes: [
        { name: 'captures', emptyDir: { sizeLimit: '2Gi' } },
        { name: 'host-proc', hostPath: { path: '/proc' } },
      ],
      ...extra,
    },
  };
}

type EventObject = WirePod;
const podOf = (w: OpenWatch, i: number): EventObject => w.events[i]?.object as unknown as EventObject;
const lastPod = (w: OpenWatch): EventObject => podOf(w, w.events.length - 1);
const initState = (p: EventObject) => p.status?.initContainerStatuses?.[0]?.state;
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 5000, interval: 10 });
const condition = (p: EventObject, type: string) => p.status?.conditions?.find((c) => c.type === type);

describe('kube stand-in kubelet', () => {
  let kube: KubeStandIn;

  async function start(options: KubeStandInOptions, scenario?: CaptureScenario) {
    kube = await startKubeStandIn({ ...options, ...(scenario ? { scenario: () => scenario } : {}) });
    const clients = realClients(kube);
    const watch = await openWatch(clients.watch, `/api/v1/namespaces/${NS}/pods`, { fieldSelector: 'metadata.name=cap-1' });
    return { clients, watch };
  }

  afterEach(async () => {
    await kube.close();
  });

  it('runs a capture pod from Pending through its sysdig init container to Running, trace in place', async () => {
    const { clients, watch } = await start({ nodes: ['node-1'] });
    await clients.core.createNamespacedPod({ namespace: NS, body: capturePod('cap-1') });
    await eventually(() => expect(condition(lastPod(watch), 'Ready')?.status).toBe('True'));

    const pods = watch.events.map((e) => e.object as unknown as EventObject);
    expect(watch.events[0]?.type).toBe('ADDED');
    expect(pods[0]?.status?.phase).toBe('Pending');
    const running = pods.find((p) => initState(p)?.running);
    expect(running?.status?.phase).toBe('Pending');
    expect(condition(running as EventObject, 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized' });
    expect(running?.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('PodInitializing');
    const done = lastPod(watch);
    expect(initState(done)?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(done.status?.containerStatuses?.[0]?.state?.running?.startedAt).toBeDefined();
    expect(done.status).toMatchObject({ phase: 'Running', hostIP: '10.0.0.10' });
    expect(done.status?.podIP).toMatch(/^10\.244\./);
    expect(done.status?.startTime).toMatch(/Z$/);
    expect(new Set(watch.events.map((e) => e.object.metadata?.resourceVersion)).size).toBe(watch.events.length);

    const fixture = await readFile(fixturePath('curl_google.scap'));
    const read = await execCollect(clients.exec, NS, 'cap-1', 'holder', ['cat', TRACE]);
    expect(read.status.status).toBe('Success');
    expect(createHash('sha256').update(read.stdout).digest('hex')).toBe(createHash('sha256').update(fixture).digest('hex'));
    watch.abort();
  });

  it('in manual mode the capture runs until the test finishes it', async () => {
    const { clients, watch } = await start({ timeScale: 1 }, { kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' });
    await clients.core.createNamespacedPod({ namespace: NS, body: capturePod('cap-1') });
    await eventually(() => expect(initState(lastPod(watch))?.running).toBeDefined());
    const exec = execCollect(clients.exec, NS, 'cap-1', 'holder', ['cat', TRACE]);
    await expect(exec).rejects.toMatchObject({ message: 'Unexpected server response: 400' });
    // With timeScale 1 a timed 30 s capture would be over in 30 ms.
    await new Promise((r) => setTimeout(r, 150));
    expect(initState(kube.pod(NS, 'cap-1') as WirePod)?.running).toBeDefined();

    kube.finishCapture('cap-1');
    await eventually(() => expect(lastPod(watch).status?.phase).toBe('Running'));
    const stat = await execCollect(clients.exec, NS, 'cap-1', 'holder', ['stat', '-c', '%s', TRACE]);
    expect(stat.stdout.toString()).toBe(`${(await readFile(fixturePath('balancer-502.scap'))).length}\n`);
    watch.abort();
  });

  it('a failing capture ends the pod Failed, exit code and log kept', async () => {
    const lines = ['* Setting up /usr/src links from host', 'Unable to load the driver', 'error opening device /host/dev/sysdig0'];
    const { clients, watch } = await start({}, { kind: 'capture-fails', exitCode: 3, logLines: lines });
    await clients.core.createNamespacedPod({ namespace: NS, body: capturePod('cap-1') });
    await eventually(() => expect(lastPod(watch).status?.phase).toBe('Failed'));
    expect(initState(lastPod(watch))?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });

    const tail = await clients.core.readNamespacedPodLog({ namespace: NS, name: 'cap-1', container: 'capture', tailLines: 2 });
    expect(tail).toBe(`${lines.slice(1).join('\n')}\n`);
    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) });
    const ended = new Promise((resolve) => sink.on('finish', resolve));
    await clients.log.log(NS, 'cap-1', 'capture', sink, {});
    await ended;
    expect(Buffer.concat(chunks).toString()).toBe(`${lines.join('\n')}\n`);
    watch.abort();
  });

  it('an image that cannot be pulled leaves the pod Pending in ErrImagePull, then ImagePullBackOff', async () => {
    const { clients, watch } = await start({}, { kind: 'image-pull-fails' });
    await clients.core.createNamespacedPod({ namespace: NS, body: capturePod('cap-1') });
    await eventually(() => expect(initState(lastPod(watch))?.waiting?.reason).toBe('ImagePullBackOff'));
    const reasons = watch.events.map((e) => initState(e.object as unknown as EventObject)?.waiting?.reason);
    expect(reasons).toContain('ErrImagePull');
    expect(lastPod(watch).status?.phase).toBe('Pending');
    expect(initState(lastPod(watch))?.waiting?.message).toContain('docker.io/sysdig/sysdig:0.40.1');
    watch.abort();
  });

  it('an unschedulable pod gets PodScheduled False, reason Unschedulable', async () => {
    const { clients, watch } = await start({}, { kind: 'unschedulable', message: '0/1 nodes are available: 1 Insufficient memory.' });
    await clients.core.createNamespacedPod({ namespace: NS, body: capturePod('cap-1') });
    await eventually(() => expect(condition(lastPod(watch), 'PodScheduled')?.status).toBe('False'));
    expect(condition(lastPod(watch), 'PodScheduled')).toMatchObject({ reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient memory.' });
    expect(lastPod(watch).status?.phase).toBe('Pending');
    watch.abort();
  });

  it('a pod past its activeDeadlineSeconds fails with DeadlineExceeded', async () => {
    const { clients, watch } = await start({ deadlineTimeScale: 10 }, { kind: 'never-finishes' });
    await clients.core.createNamespacedPod({ namespace: NS, body: capturePod('cap-1', { activeDeadlineSeconds: 5 }) });
    await eventually(() => expect(lastPod(watch).status?.phase).toBe('Failed'));
    expect(lastPod(watch).status).toMatchObject({ reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    expect(initState(lastPod(watch))?.terminated?.exitCode).toBe(137);
    watch.abort();
  });

  it('deleting the pod emits DELETED and removes its directory', async () => {
    const { clients, watch } = await start({});
    await clients.core.createNamespacedPod({ namespace: NS, body: capturePod('cap-1') });
    await eventually(() => expect(lastPod(watch).status?.phase).toBe('Running'));
    const dir = kube.podDirectory(NS, 'cap-1') as string;
    await access(dir);

    await clients.core.deleteNamespacedPod({ namespace: NS, name: 'cap-1' });
    await eventually(() => expect(watch.events.at(-1)?.type).toBe('DELETED'));
    expect(watch.events.at(-2)?.object.metadata).toHaveProperty('deletionTimestamp');
    await eventually(() => expect(access(dir)).rejects.toThrow());
    expect(kube.pods(NS)).toEqual([]);
    watch.abort();
  });

  it('leaves no pod directories behind when closed while one is being made', async () => {
    const { clients } = await start({}, { kind: 'never-finishes' });
    const name = `leak-${Date.now().toString(36)}`;
    await clients.core.createNamespacedPod({ namespace: NS, body: capturePod(`${name}-a`) });
    await eventually(() => expect(initState(kube.pod(NS, `${name}-a`) as WirePod)?.running).toBeDefined());
    kube.addPod({ namespace: NS, name: `${name}-b`, nodeName: 'node-1' });
    const making = kube.hostPath(NS, `${name}-b`, 'app', '/tmp/x');
    await kube.close();
    await making.catch(() => undefined);
    expect((await readdir(tmpdir())).filter((entry) => entry.startsWith(`kube-stand-in-${name}`))).toEqual([]);
  });
});
