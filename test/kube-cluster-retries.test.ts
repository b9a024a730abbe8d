import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CAPTURE_POD_SETTINGS } from '../src/kube/capture-pod-settings.js';
import { KubeCaptureCluster } from '../src/kube/kube-capture-cluster.js';
import { sampleJob } from '../src/kube/testdata/sample-job.js';
import { startKubeStandIn, type KubeStandIn } from './support/kube/index.js';

const CAPTURES = DEFAULT_CAPTURE_POD_SETTINGS.namespace;
const TARGET_NS = 'ticket-generator';
const TARGET = 'ticket-balancer-5967c66fb4-qnzj6';

describe('KubeCaptureCluster when the API server fails for a moment', () => {
  let kube: KubeStandIn;
  let cluster: KubeCaptureCluster;
  const job = sampleJob({ pod: TARGET, namespace: TARGET_NS });

  beforeEach(async () => {
    kube = await startKubeStandIn({ nodes: ['node-a'] });
    kube.addPod({ namespace: TARGET_NS, name: TARGET, nodeName: 'node-a' });
    kube.setScenario(() => ({ kind: 'never-finishes' }));
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kube.kubeconfigPath);
    cluster = new KubeCaptureCluster(kubeConfig, DEFAULT_CAPTURE_POD_SETTINGS);
  });
  afterEach(async () => {
    await kube.close();
  });

  const count = (verb: string, namespace: string) => kube.requests.filter((r) => r.verb === verb && r.resource === 'pods' && !r.subresource && r.namespace === namespace).length;

  it.each([500, 503, 429] as const)('retries reading the target after HTTP %i', async (status) => {
    kube.failNext({ verb: 'list', resource: 'pods', namespace: TARGET_NS, status, times: 2 });
    await expect(cluster.findTarget(job)).resolves.toMatchObject({ nodeName: 'node-a' });
    expect(count('list', TARGET_NS)).toBe(3);
  });

  it('retries creating the capture pod after a 503 and makes exactly one', async () => {
    kube.failNext({ verb: 'create', resource: 'pods', namespace: CAPTURES, status: 503, times: 2 });
    await cluster.startCapturePod(job, 'node-a');
    expect(count('create', CAPTURES)).toBe(3);
    expect(kube.pods(CAPTURES)).toHaveLength(1);
  });

  it('gives up with what it was doing when the API server keeps failing', async () => {
    kube.failNext({ verb: 'create', resource: 'pods', namespace: CAPTURES, status: 500, times: 10 });
    await expect(cluster.startCapturePod(job, 'node-a')).rejects.toThrow(/while trying to create capture pod .*HTTP 500/);
    expect(count('create', CAPTURES)).toBe(5);
  });

  it('does not retry a refusal: 403 names the verb and resource at once', async () => {
    kube.failNext({ verb: 'create', resource: 'pods', namespace: CAPTURES, status: 403 });
    await expect(cluster.startCapturePod(job, 'node-a')).rejects.toThrow(`may not create pods in namespace ${CAPTURES}`);
    expect(count('create', CAPTURES)).toBe(1);
  });
});
