import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capturePodName } from '../src/capture/names.js';
import { DEFAULT_CAPTURE_POD_SETTINGS } from '../src/kube/capture-pod-settings.js';
import { KubeCaptureCluster } from '../src/kube/kube-capture-cluster.js';
import { sampleJob } from '../src/kube/testdata/sample-job.js';
import { fixturePath, startKubeStandIn, type KubeStandIn } from './support/kube/index.js';

const CAPTURES = DEFAULT_CAPTURE_POD_SETTINGS.namespace;
const TARGET_NS = 'ticket-generator';
const TARGET = 'ticket-balancer-5967c66fb4-qnzj6';

describe('KubeCaptureCluster for the janitor and resumed jobs, against the API stand-in', () => {
  let kube: KubeStandIn;
  let cluster: KubeCaptureCluster;

  beforeEach(async () => {
    kube = await startKubeStandIn({ nodes: ['node-a', 'node-b'] });
    kube.addPod({ namespace: TARGET_NS, name: TARGET, nodeName: 'node-b' });
    kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('curl_google.scap'), finish: 'manual' }));
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kube.kubeconfigPath);
    cluster = new KubeCaptureCluster(kubeConfig, DEFAULT_CAPTURE_POD_SETTINGS);
  });
  afterEach(async () => {
    await kube.close();
  });

  it('lists the capture pods it made, with where their status message is, and no other pod', async () => {
    const job = sampleJob({ pod: TARGET, namespace: TARGET_NS, channel: 'C0LIST', statusTs: '1700000001.000200' });
    await cluster.startCapturePod(job, 'node-b');
    kube.addPod({ namespace: CAPTURES, name: 'someone-elses-pod', nodeName: 'node-a', labels: { app: 'other' } });

    const pods = await cluster.listCapturePods();

    expect(pods).toHaveLength(1);
    expect(pods[0]).toMatchObject({
      name: capturePodName(job.captureId),
      captureId: job.captureId,
      node: 'node-b',
      deadlineSeconds: 30 + DEFAULT_CAPTURE_POD_SETTINGS.startupAllowanceSeconds,
      terminating: false,
      channel: 'C0LIST',
      statusTs: '1700000001.000200',
    });
    expect(Math.abs(pods[0]!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(kube.requests.some((r) => r.verb === 'list' && r.resource === 'pods' && r.namespace === CAPTURES)).toBe(true);
  });

  it('deletes a capture pod by capture id, and a second delete is no error', async () => {
    const job = sampleJob({ pod: TARGET, namespace: TARGET_NS });
    await cluster.startCapturePod(job, 'node-b');
    await cluster.deleteCapturePod({ captureId: job.captureId });
    await cluster.deleteCapturePod({ captureId: job.captureId });
    await expect.poll(() => kube.pods(CAPTURES)).toEqual([]);
  });

  it('deletes a labelled capture pod by the name it was listed under, whatever it is called', async () => {
    const job = sampleJob({ pod: TARGET, namespace: TARGET_NS });
    const labels = { 'app.kubernetes.io/managed-by': 'capturebot', 'capturebot.io/capture-id': job.captureId };
    kube.addPod({ namespace: CAPTURES, name: 'sysdig-by-hand-7f9c2', nodeName: 'node-a', labels });

    const [listed] = await cluster.listCapturePods();
    expect(listed).toMatchObject({ name: 'sysdig-by-hand-7f9c2', captureId: job.captureId });

    expect(await cluster.deleteListedPod(listed!)).toBe('deleted');
    expect(kube.requests.filter((r) => r.verb === 'delete').map((r) => r.name)).toEqual(['sysdig-by-hand-7f9c2']);
    await expect.poll(() => kube.pods(CAPTURES)).toEqual([]);
  });

  it('says a listed pod deleted by someone else before the janitor got to it is already gone', async () => {
    const job = sampleJob({ pod: TARGET, namespace: TARGET_NS });
    await cluster.startCapturePod(job, 'node-b');
    const [listed] = await cluster.listCapturePods();
    await cluster.deleteCapturePod(job); // as kubectl delete would, in between
    await expect.poll(() => kube.pods(CAPTURES)).toEqual([]);

    expect(await cluster.deleteListedPod(listed!)).toBe('already-gone');
  });

  it('names the verb and resource when deleting is forbidden', async () => {
    const job = sampleJob({ pod: TARGET, namespace: TARGET_NS });
    await cluster.startCapturePod(job, 'node-b');
    const [listed] = await cluster.listCapturePods();
    kube.failNext({ verb: 'delete', resource: 'pods', namespace: CAPTURES, status: 403 });
    await expect(cluster.deleteListedPod(listed!)).rejects.toThrow(`may not delete pods in namespace ${CAPTURES}`);
  });

  it('names the verb and resource when listing is forbidden', async () => {
    kube.failNext({ verb: 'list', resource: 'pods', namespace: CAPTURES, status: 403 });
    await expect(cluster.listCapturePods()).rejects.toThrow(`may not list pods in namespace ${CAPTURES}`);
  });

  it('reports a capture pod that is not there to re-attach to as gone', async () => {
    const job = sampleJob({ pod: TARGET, namespace: TARGET_NS });
    const end = await cluster.awaitCaptureEnd(job, { signal: new AbortController().signal, onCapturing: () => {} });
    expect(end).toMatchObject({ ok: false, podGone: true });
  });

  it('re-attaches to a capture that already finished and sees it captured at once', async () => {
    const job = sampleJob({ pod: TARGET, namespace: TARGET_NS });
    await cluster.startCapturePod(job, 'node-b');
    await expect.poll(() => kube.pod(CAPTURES, capturePodName(job.captureId))?.status?.initContainerStatuses?.[0]?.state?.running).toBeTruthy();
    kube.finishCapture(capturePodName(job.captureId), CAPTURES);
    await expect.poll(() => kube.pod(CAPTURES, capturePodName(job.captureId))?.status?.phase).toBe('Running');
    await cluster.startCapturePod(job, 'node-b');
    const end = await cluster.awaitCaptureEnd(job, { signal: new AbortController().signal, onCapturing: () => {} });
    expect(end).toEqual({ ok: true });
    expect(kube.pods(CAPTURES)).toHaveLength(1);
  });
});
