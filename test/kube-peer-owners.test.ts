import { createServer, type Server, type Socket } from 'node:net';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CAPTURE_POD_SETTINGS } from '../src/kube/capture-pod-settings.js';
import { KubeCaptureCluster } from '../src/kube/kube-capture-cluster.js';
import { lookupPeerOwners } from '../src/kube/peer-owner-lookup.js';
import { startKubeStandIn, type KubeStandIn } from './support/kube/index.js';

const NS = 'ticket-generator';
const BALANCER = 'ticket-balancer-5967c66fb4-qnzj6';
const SERVER = 'ticket-server-56c75bf88b-nqpcs';

describe('looking up who owns the peers of a trace', () => {
  let kube: KubeStandIn;
  let cluster: KubeCaptureCluster;

  beforeEach(async () => {
    kube = await startKubeStandIn({ nodes: ['node-a', 'node-b'] });
    kube.addPod({ namespace: NS, name: BALANCER, nodeName: 'node-a', podIP: '10.40.1.6' });
    kube.addPod({ namespace: NS, name: SERVER, nodeName: 'node-b', podIP: '10.40.3.4' });
    kube.addPod({ namespace: 'kube-system', name: 'kube-proxy-x1', nodeName: 'node-a', podIP: '10.0.0.10' });
    kube.addPod({ namespace: NS, name: 'ticket-job-done', nodeName: 'node-a', podIP: '10.40.9.9', phase: 'Succeeded' });
    kube.addService({ namespace: 'ingress', name: 'edge', clusterIP: '10.96.40.2' });
    kube.addService({ namespace: NS, name: 'ticket-db', clusterIP: 'None' });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kube.kubeconfigPath);
    cluster = new KubeCaptureCluster(kubeConfig, DEFAULT_CAPTURE_POD_SETTINGS);
  });
  afterEach(async () => {
    await kube.close();
  });

  it('names pods by pod IP and Services by cluster IP, with one list of each however many addresses', async () => {
    kube.clearRequests();
    const { owners, failures } = await cluster.lookupPeerOwners(['10.40.3.4', '10.40.1.6', '10.96.40.2', '10.40.9.9', '10.40.2.9'], { timeoutMs: 5_000 });
    expect(failures).toEqual([]);
    expect(Object.fromEntries(owners)).toEqual({
      '10.40.3.4': { kind: 'pod', name: SERVER, namespace: NS },
      '10.40.1.6': { kind: 'pod', name: BALANCER, namespace: NS },
      '10.96.40.2': { kind: 'service', name: 'edge', namespace: 'ingress' },
    });
    expect(kube.requests.map((r) => `${r.verb} ${r.resource} ${r.namespace ?? '*'}`)).toEqual(['list pods *', 'list services *']);
  });

  it('reads every page of a large list', async () => {
    for (let i = 0; i < 600; i += 1) kube.addPod({ namespace: 'batch', name: `worker-${i}`, nodeName: 'node-b', podIP: `10.41.${Math.floor(i / 250)}.${i % 250}` });
    const { owners } = await cluster.lookupPeerOwners(['10.41.2.99'], { timeoutMs: 5_000 });
    expect(owners.get('10.41.2.99')).toEqual({ kind: 'pod', name: 'worker-599', namespace: 'batch' });
    expect(kube.requests.filter((r) => r.resource === 'pods' && r.verb === 'list')).toHaveLength(2);
  });

  it('still names pods when Services may not be listed, and says why', async () => {
    kube.failNext({ verb: 'list', resource: 'services', status: 403 });
    const { owners, failures } = await cluster.lookupPeerOwners(['10.40.3.4', '10.96.40.2'], { timeoutMs: 5_000 });
    expect([...owners.keys()]).toEqual(['10.40.3.4']);
    expect(failures).toEqual([{ resource: 'services', reason: "capturebot's service account may not list services across the cluster" }]);
  });

  it('asks nothing for no addresses', async () => {
    kube.clearRequests();
    expect(await cluster.lookupPeerOwners([], { timeoutMs: 5_000 })).toEqual({ owners: new Map(), failures: [] });
    expect(kube.requests).toEqual([]);
  });
});

describe('when the API server accepts the connection and never answers', () => {
  let hung: Server;
  const sockets = new Set<Socket>();
  const closed = new Set<Socket>();

  beforeEach(async () => {
    hung = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => closed.add(socket));
      socket.resume();
    });
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hung.close(resolve));
  });

  it('gives up at the timeout and names both lists as failed', async () => {
    const address = hung.address();
    if (typeof address !== 'object' || !address) throw new Error('no address');
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${address.port}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const started = Date.now();
    const result = await lookupPeerOwners(kubeConfig.makeApiClient(CoreV1Api), ['10.40.3.4'], { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result.owners.size).toBe(0);
    expect(result.failures).toEqual([
      { resource: 'pods', reason: 'listing pods took longer than 1s' },
      { resource: 'services', reason: 'listing services took longer than 1s' },
    ]);
    // The requests were aborted, not left to hang: the server saw their sockets close.
    expect(sockets.size).toBeGreaterThan(0);
    await expect.poll(() => closed.size, { timeout: 2_000 }).toBe(sockets.size);
  });
});
