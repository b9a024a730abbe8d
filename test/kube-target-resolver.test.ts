import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CAPTURE_POD_SETTINGS } from '../src/kube/capture-pod-settings.js';
import { KubeCaptureCluster } from '../src/kube/kube-capture-cluster.js';
import { sampleJob } from '../src/kube/testdata/sample-job.js';
import type { CaptureTarget } from '../src/capture/capture-target.js';
import { startKubeStandIn, type KubeStandIn } from './support/kube/index.js';

const NS = 'shop';

describe('resolving a target wider than one pod, over the API', () => {
  let kube: KubeStandIn;
  let cluster: KubeCaptureCluster;
  // Nodes and pods only: the container ids of the scope are checked in src/capture/resolve-target.test.ts.
  const resolve = async (target: CaptureTarget, namespace = NS) =>
    (await cluster.resolveTargets(sampleJob({ namespace, target }))).map(({ node, pods }) => ({ node, pods }));

  beforeEach(async () => {
    kube = await startKubeStandIn({ nodes: ['node-a', 'node-b', 'node-c'] });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kube.kubeconfigPath);
    cluster = new KubeCaptureCluster(kubeConfig, DEFAULT_CAPTURE_POD_SETTINGS);
    const web = { app: 'web' };
    kube.addWorkload({ kind: 'Deployment', namespace: NS, name: 'web', matchLabels: web });
    kube.addWorkload({ kind: 'StatefulSet', namespace: NS, name: 'db', matchLabels: { app: 'db' } });
    kube.addWorkload({ kind: 'DaemonSet', namespace: 'kube-system', name: 'agent', matchLabels: { app: 'agent' } });
    kube.addWorkload({ kind: 'Deployment', namespace: NS, name: 'idle', matchLabels: { app: 'idle' } });
    kube.addPod({ namespace: NS, name: 'web-7d4b9c6f5-x2x9z', nodeName: 'node-b', labels: web, owner: { kind: 'Deployment', name: 'web' } });
    kube.addPod({ namespace: NS, name: 'web-7d4b9c6f5-k8j2m', nodeName: 'node-b', labels: web, owner: { kind: 'Deployment', name: 'web' } });
    kube.addPod({ namespace: NS, name: 'web-7d4b9c6f5-a1b2c', nodeName: 'node-a', labels: web, owner: { kind: 'Deployment', name: 'web' } });
    kube.addPod({ namespace: NS, name: 'web-api-6c8f7d9b4-q9w8e', nodeName: 'node-c', labels: web, owner: { kind: 'Deployment', name: 'web-api' } });
    kube.addPod({ namespace: NS, name: 'web-manual', nodeName: 'node-c', labels: web });
    kube.addPod({ namespace: NS, name: 'web-7d4b9c6f5-pndng', nodeName: 'node-c', labels: web, phase: 'Pending', owner: { kind: 'Deployment', name: 'web' } });
    kube.addPod({ namespace: 'other', name: 'web-elsewhere', nodeName: 'node-c', labels: web });
    kube.addPod({ namespace: NS, name: 'db-0', nodeName: 'node-c', labels: { app: 'db' }, owner: { kind: 'StatefulSet', name: 'db' } });
    kube.addPod({ namespace: 'kube-system', name: 'agent-a', nodeName: 'node-a', labels: { app: 'agent' }, owner: { kind: 'DaemonSet', name: 'agent' } });
    kube.addPod({ namespace: 'kube-system', name: 'agent-c', nodeName: 'node-c', labels: { app: 'agent' }, owner: { kind: 'DaemonSet', name: 'agent' } });
  });
  afterEach(() => kube.close());

  it('finds a deployment’s running pods in its namespace, by node, through their owner references alone', async () => {
    expect(await resolve({ kind: 'deployment', name: 'web' })).toEqual([
      { node: 'node-a', pods: ['web-7d4b9c6f5-a1b2c'] },
      { node: 'node-b', pods: ['web-7d4b9c6f5-k8j2m', 'web-7d4b9c6f5-x2x9z'] },
    ]);
    // Same labels, other owners: deployment web-api's pod and a hand-made pod are not web's.
    expect(kube.requests.map((r) => `${r.verb} ${r.apiGroup}/${r.resource} ${r.namespace}`)).toEqual(['list /pods shop']);
  });

  it('reads statefulsets and daemonsets the same way', async () => {
    expect(await resolve({ kind: 'statefulset', name: 'db' })).toEqual([{ node: 'node-c', pods: ['db-0'] }]);
    expect(await resolve({ kind: 'daemonset', name: 'agent' }, 'kube-system')).toEqual([
      { node: 'node-a', pods: ['agent-a'] },
      { node: 'node-c', pods: ['agent-c'] },
    ]);
  });

  it('takes a label selector as it is', async () => {
    // Every running pod with the labels, whoever owns it.
    expect(await resolve({ kind: 'selector', selector: 'app=web' })).toEqual([
      { node: 'node-a', pods: ['web-7d4b9c6f5-a1b2c'] },
      { node: 'node-b', pods: ['web-7d4b9c6f5-k8j2m', 'web-7d4b9c6f5-x2x9z'] },
      { node: 'node-c', pods: ['web-api-6c8f7d9b4-q9w8e', 'web-manual'] },
    ]);
    expect(kube.requests.map((r) => r.resource)).toEqual(['pods']);
  });

  it('lists every running pod on a node, in every namespace, but not capturebot’s own', async () => {
    kube.addPod({ namespace: 'capturebot-captures', name: 'capture-old', nodeName: 'node-c', labels: { 'app.kubernetes.io/managed-by': 'capturebot' } });
    expect(await resolve({ kind: 'node', name: 'node-c' })).toEqual([
      { node: 'node-c', pods: ['agent-c', 'db-0', 'web-api-6c8f7d9b4-q9w8e', 'web-elsewhere', 'web-manual'] },
    ]);
    expect(kube.requests.map((r) => `${r.verb} ${r.resource} ${r.namespace ?? '*'}`)).toEqual(['get nodes *', 'list pods *']);
  });

  it('still captures a node that runs no pod', async () => {
    kube.addNode('node-empty');
    expect(await resolve({ kind: 'node', name: 'node-empty' })).toEqual([{ node: 'node-empty', pods: [] }]);
  });

  it.each([
    [{ kind: 'deployment', name: 'ghost' }, 'No pod of deployment `ghost` exists in namespace `shop` (or there is no such deployment).'],
    [{ kind: 'deployment', name: 'idle' }, 'No pod of deployment `idle` exists in namespace `shop`'],
    [{ kind: 'selector', selector: 'app=nothing' }, 'No running pod in namespace `shop` has the labels'],
    [{ kind: 'node', name: 'node-z' }, 'node node-z not found'],
  ] as const)('says what is wrong with %j', async (target, message) => {
    await expect(resolve(target)).rejects.toThrow(message);
  });

  it('names the permission it lacks', async () => {
    kube.failNext({ verb: 'list', resource: 'pods', status: 403 });
    await expect(resolve({ kind: 'statefulset', name: 'db' })).rejects.toThrow("capturebot's service account may not list pods in namespace shop");
  });
});
