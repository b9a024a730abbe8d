import { readFile } from 'node:fs/promises';
import { buffer } from 'node:stream/consumers';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureJob } from '../src/capture/capture-job.js';
import { capturePodName } from '../src/capture/names.js';
import { UserFacingError } from '../src/capture/user-facing-error.js';
import { DEFAULT_CAPTURE_POD_SETTINGS } from '../src/kube/capture-pod-settings.js';
import { KubeCaptureCluster } from '../src/kube/kube-capture-cluster.js';
import { sampleJob } from '../src/kube/testdata/sample-job.js';
import type { CaptureEnd } from '../src/worker/ports.js';
import { fixturePath, startKubeStandIn, type KubeStandIn } from './support/kube/index.js';

const CAPTURES = DEFAULT_CAPTURE_POD_SETTINGS.namespace;
const TARGET_NS = 'ticket-generator';
const TARGET = 'ticket-balancer-5967c66fb4-qnzj6';

describe('KubeCaptureCluster against the Kubernetes API stand-in', () => {
  let kube: KubeStandIn;
  let cluster: KubeCaptureCluster;
  let job: CaptureJob;
  let capturingAt: Date[];

  beforeEach(async () => {
    // 10 ms per captured second and per deadline second: a 30 s capture takes 0.3 s, its 630 s deadline 6.3 s.
    kube = await startKubeStandIn({ nodes: ['node-a', 'node-b'], timeScale: 10, deadlineTimeScale: 10 });
    kube.addPod({ namespace: TARGET_NS, name: TARGET, nodeName: 'node-b' });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kube.kubeconfigPath);
    cluster = new KubeCaptureCluster(kubeConfig, DEFAULT_CAPTURE_POD_SETTINGS);
    job = sampleJob({ pod: TARGET, namespace: TARGET_NS });
    capturingAt = [];
  });
  afterEach(async () => {
    await kube.close();
  });

  const awaitEnd = (signal = new AbortController().signal): Promise<CaptureEnd> =>
    cluster.awaitCaptureEnd(job, { signal, onCapturing: (at) => capturingAt.push(at) });

  const capturePod = () => kube.pod(CAPTURES, capturePodName(job.captureId));
  const watchRequests = () => kube.requests.filter((r) => r.verb === 'watch' && r.resource === 'pods');

  /** Starts waiting for the end; resolves once the capture runs and a watch on the pod is open. */
  async function awaitEndWhileCapturing(signal = new AbortController().signal): Promise<{ end: Promise<CaptureEnd> }> {
    let capturing: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => (capturing = resolve));
    const end = cluster.awaitCaptureEnd(job, { signal, onCapturing: () => capturing() });
    end.catch(() => undefined);
    await seen;
    while (watchRequests().length === 0) await sleep(5);
    return { end };
  }

  describe('when the capture succeeds', () => {
    it('captures on the target node and streams out exactly the bytes sysdig wrote', async () => {
      const target = await cluster.findTarget(job);
      expect(target).toMatchObject({ name: TARGET, namespace: TARGET_NS, nodeName: 'node-b' });
      expect(target.containerIds).toEqual([expect.stringMatching(/^[0-9a-f]{12}$/)]);

      await cluster.startCapturePod(job, target.nodeName);
      expect(capturePod()?.spec?.nodeName).toBe('node-b');

      await expect(awaitEnd()).resolves.toEqual({ ok: true });
      expect(capturingAt).toHaveLength(1);
      expect(capturingAt[0]).toBeInstanceOf(Date);

      const bytes = await buffer(cluster.openTrace(job));
      expect(bytes.equals(await readFile(fixturePath('curl_google.scap')))).toBe(true);

      await cluster.deleteCapturePod(job);
      expect(capturePod()).toBeUndefined();
    });

    it('re-attaches to the pod a previous attempt created instead of failing on 409', async () => {
      await cluster.startCapturePod(job, 'node-b');
      const first = capturePod()?.metadata.uid;

      await expect(cluster.startCapturePod(job, 'node-b')).resolves.toBeUndefined();
      expect(capturePod()?.metadata.uid).toBe(first);
      expect(kube.requests.filter((r) => r.verb === 'create' && r.resource === 'pods')).toHaveLength(2);
      await expect(awaitEnd()).resolves.toEqual({ ok: true });
    });

    it('waits for the holder to run before saying the trace is ready, however slow the kubelet', async () => {
      await kube.close();
      kube = await startKubeStandIn({ nodes: ['node-b'], timeScale: 10, deadlineTimeScale: 10, kubeletStepMs: 150 });
      kube.addPod({ namespace: TARGET_NS, name: TARGET, nodeName: 'node-b' });
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(kube.kubeconfigPath);
      cluster = new KubeCaptureCluster(kubeConfig, DEFAULT_CAPTURE_POD_SETTINGS);

      await cluster.startCapturePod(job, 'node-b');
      await expect(awaitEnd()).resolves.toEqual({ ok: true });
      const holder = capturePod()?.status?.containerStatuses?.find((c) => c.name === 'holder');
      expect(holder?.state?.running).toBeDefined();
      const bytes = await buffer(cluster.openTrace(job));
      expect(bytes.equals(await readFile(fixturePath('curl_google.scap')))).toBe(true);
    });

    it('treats deleting a pod that is already gone as done', async () => {
      await cluster.startCapturePod(job, 'node-b');
      await cluster.deleteCapturePod(job);
      await expect(cluster.deleteCapturePod(job)).resolves.toBeUndefined();
    });
  });

  describe('when the watch is interrupted', () => {
    it('resumes after the API server drops the watch and still sees the end', async () => {
      kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
      await cluster.startCapturePod(job, 'node-b');
      const { end } = await awaitEndWhileCapturing();

      kube.dropWatches();
      kube.finishCapture(capturePodName(job.captureId), CAPTURES);

      await expect(end).resolves.toEqual({ ok: true });
      const watches = watchRequests();
      expect(watches.length).toBeGreaterThanOrEqual(2);
      const versions = watches.map((w) => Number(new URL(w.url, kube.url).searchParams.get('resourceVersion')));
      expect(versions.every((v) => v > 0)).toBe(true);
      expect(versions.at(-1)).toBeGreaterThanOrEqual(versions[0] ?? Infinity);
      const bytes = await buffer(cluster.openTrace(job));
      expect(bytes.equals(await readFile(fixturePath('balancer-502.scap')))).toBe(true);
    });

    it('lists the capture pods again when its resourceVersion has been compacted away (410 Gone)', async () => {
      kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('curl_google.scap'), finish: 'manual' }));
      await cluster.startCapturePod(job, 'node-b');
      const { end } = await awaitEndWhileCapturing();
      // Another pod changes: the cluster's resourceVersion moves past the last one this watch saw.
      kube.addPod({ namespace: TARGET_NS, name: 'ticket-server-56c75bf88b-nqpcs', nodeName: 'node-a' });
      const lists = () => kube.requests.filter((r) => r.verb === 'list' && r.resource === 'pods' && r.namespace === CAPTURES).length;
      const listsBefore = lists();

      kube.compactHistory();
      kube.dropWatches();
      kube.finishCapture(capturePodName(job.captureId), CAPTURES);

      await expect(end).resolves.toEqual({ ok: true });
      expect(lists()).toBeGreaterThan(listsBefore);
    });

    it('rides out an API server restart', async () => {
      kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('curl_google.scap'), finish: 'manual' }));
      await cluster.startCapturePod(job, 'node-b');
      const { end } = await awaitEndWhileCapturing();

      await kube.stop();
      kube.finishCapture(capturePodName(job.captureId), CAPTURES);
      await kube.restart();

      await expect(end).resolves.toEqual({ ok: true });
    });

    it('stops waiting when the job is aborted', async () => {
      kube.setScenario(() => ({ kind: 'never-finishes' }));
      await cluster.startCapturePod(job, 'node-b');
      const abort = new AbortController();
      const { end } = await awaitEndWhileCapturing(abort.signal);

      abort.abort(new Error('job cancelled'));
      await expect(end).rejects.toThrow('job cancelled');
    });
  });

  describe('when several captures wait at once', () => {
    it('shares one watch of the capture pods among them, by capturebot\'s label, and each sees its own end', async () => {
      kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('curl_google.scap'), finish: 'manual' }));
      const jobs = [job, sampleJob({ pod: TARGET, namespace: TARGET_NS }), sampleJob({ pod: TARGET, namespace: TARGET_NS })];
      const started: (() => void)[] = [];
      const capturing = jobs.map(() => new Promise<void>((resolve) => started.push(resolve)));
      for (const each of jobs) await cluster.startCapturePod(each, 'node-b');
      const ends = jobs.map((each, i) => cluster.awaitCaptureEnd(each, { signal: new AbortController().signal, onCapturing: () => started[i]!() }));
      await Promise.all(capturing);
      while (watchRequests().length === 0) await sleep(5);

      kube.finishCapture(capturePodName(jobs[1]!.captureId), CAPTURES);
      await expect(ends[1]).resolves.toEqual({ ok: true });
      for (const other of [jobs[0]!, jobs[2]!]) kube.finishCapture(capturePodName(other.captureId), CAPTURES);

      await expect(Promise.all(ends)).resolves.toEqual([{ ok: true }, { ok: true }, { ok: true }]);
      const watches = watchRequests();
      expect(watches).toHaveLength(1);
      const query = new URL(watches[0]!.url, kube.url).searchParams;
      expect(query.get('labelSelector')).toBe('app.kubernetes.io/managed-by=capturebot');
      expect(query.get('fieldSelector')).toBeNull();
      expect(watches[0]!.namespace).toBe(CAPTURES);
    });
  });

  describe('when the capture fails', () => {
    it('reports sysdig\'s exit code with the last 20 lines of its log', async () => {
      const logLines = Array.from({ length: 30 }, (_, i) => `sysdig line ${i + 1}`);
      logLines[29] = 'Unable to load the driver';
      kube.setScenario(() => ({ kind: 'capture-fails', exitCode: 1, logLines, afterSeconds: 0 }));
      await cluster.startCapturePod(job, 'node-b');

      const end = await awaitEnd();
      expect(end).toMatchObject({ ok: false, reason: 'sysdig exited with code 1' });
      expect(end.ok ? '' : end.logTail?.split('\n')).toEqual(logLines.slice(-20));
    });

    it('fails at once when the capture image cannot be pulled', async () => {
      kube.setScenario(() => ({ kind: 'image-pull-fails', message: 'pull access denied for sysdig/sysdg' }));
      await cluster.startCapturePod(job, 'node-b');

      const end = await awaitEnd();
      expect(end).toMatchObject({ ok: false, reason: expect.stringMatching(/could not be pulled \((ErrImagePull|ImagePullBackOff)\)/) });
      expect(capturingAt).toEqual([]);
    });

    it('fails at once when the capture pod cannot be scheduled', async () => {
      kube.setScenario(() => ({ kind: 'unschedulable', message: '0/2 nodes are available: 2 Insufficient memory.' }));
      await cluster.startCapturePod(job, 'node-b');

      await expect(awaitEnd()).resolves.toEqual({
        ok: false,
        reason: 'the capture pod could not be scheduled (Unschedulable): 0/2 nodes are available: 2 Insufficient memory.',
      });
    });

    it('names the deadline when sysdig does not finish in time', async () => {
      kube.setScenario(() => ({ kind: 'never-finishes' }));
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(kube.kubeconfigPath);
      const hurried = new KubeCaptureCluster(kubeConfig, { ...DEFAULT_CAPTURE_POD_SETTINGS, startupAllowanceSeconds: 5 });
      job = sampleJob({ pod: TARGET, namespace: TARGET_NS, durationSeconds: 10 });
      await hurried.startCapturePod(job, 'node-b');

      await expect(hurried.awaitCaptureEnd(job, { signal: new AbortController().signal, onCapturing: () => undefined })).resolves.toEqual({
        ok: false,
        reason: 'the capture pod ran past its deadline of 15s before sysdig finished',
      });
    });

    it('reports a capture pod deleted mid-capture', async () => {
      kube.setScenario(() => ({ kind: 'never-finishes' }));
      await cluster.startCapturePod(job, 'node-b');
      const { end } = await awaitEndWhileCapturing();

      await cluster.deleteCapturePod(job);
      await expect(end).resolves.toEqual({ ok: false, reason: 'the capture pod was deleted before the capture finished' });
    });
  });

  describe('when the request cannot be served', () => {
    it('tells the user the target pod does not exist', async () => {
      const ghost = sampleJob({ pod: 'ghost-7d9f', namespace: TARGET_NS });
      const err = await cluster.findTarget(ghost).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserFacingError);
      expect((err as Error).message).toMatch(/^Pod `ghost-7d9f` not found in namespace `ticket-generator`/);
    });

    it('tells the user a target pod that is not Running cannot be captured', async () => {
      kube.addPod({ namespace: TARGET_NS, name: 'migrate-db-x2k', nodeName: 'node-a', phase: 'Succeeded' });
      const err = await cluster.findTarget(sampleJob({ pod: 'migrate-db-x2k', namespace: TARGET_NS })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserFacingError);
      expect((err as Error).message).toMatch(/is Completed, not Running/);
    });

    it('tells the user a target pod that has no node yet is still pending', async () => {
      kube.addPod({ namespace: TARGET_NS, name: 'ticket-server-new', nodeName: '', phase: 'Pending' });
      const err = await cluster.findTarget(sampleJob({ pod: 'ticket-server-new', namespace: TARGET_NS })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserFacingError);
      expect((err as Error).message).toMatch(/is Pending, not scheduled on a node yet, not Running/);
    });

    it('names the missing permission when the service account may not read the target', async () => {
      kube.failNext({ verb: 'list', resource: 'pods', namespace: TARGET_NS, status: 403 });
      const err = await cluster.findTarget(job).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserFacingError);
      expect((err as Error).message).toMatch(/may not list pods in namespace ticket-generator/);
    });

    it('names the missing permission when the service account may not create pods', async () => {
      kube.failNext({ verb: 'create', resource: 'pods', namespace: CAPTURES, status: 403 });
      const err = await cluster.startCapturePod(job, 'node-b').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserFacingError);
      expect((err as Error).message).toMatch(/may not create pods in namespace capturebot-captures/);
      expect(capturePod()).toBeUndefined();
    });
  });
});
