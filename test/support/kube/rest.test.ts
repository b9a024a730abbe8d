import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { V1Pod } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKubeStandIn } from './kube-stand-in.js';
import type { KubeStandIn } from './kube-stand-in-api.js';
import { realClients } from './real-client.js';

const NS = 'ticket-generator';

function appPod(name: string): V1Pod {
  return { metadata: { name, labels: { app: 'ticket' } }, spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0' }] } };
}

async function apiError(call: Promise<unknown>): Promise<ApiException<string>> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiException);
  return err as ApiException<string>;
}

describe('kube stand-in REST, through the real client-node', () => {
  let kube: KubeStandIn;
  let clients: ReturnType<typeof realClients>;

  beforeEach(async () => {
    kube = await startKubeStandIn({ nodes: ['node-a', 'node-b'] });
    clients = realClients(kube);
  });
  afterEach(async () => {
    await kube.close();
  });

  it('creates a pod and reads it back with server-filled metadata', async () => {
    const created = await clients.core.createNamespacedPod({ namespace: NS, body: appPod('web-1') });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.namespace).toBe(NS);
    expect(created.status?.phase).toBe('Pending');

    const read = await clients.core.readNamespacedPod({ namespace: NS, name: 'web-1' });
    expect(read.metadata?.uid).toBe(created.metadata?.uid);
    expect(Number(read.metadata?.resourceVersion)).toBeGreaterThanOrEqual(Number(created.metadata?.resourceVersion));
  });

  it('answers a second create of the same name with 409 AlreadyExists', async () => {
    await clients.core.createNamespacedPod({ namespace: NS, body: appPod('web-1') });
    const err = await apiError(clients.core.createNamespacedPod({ namespace: NS, body: appPod('web-1') }));
    expect(err.code).toBe(409);
    expect(JSON.parse(err.body)).toMatchObject({ kind: 'Status', reason: 'AlreadyExists', message: 'pods "web-1" already exists', code: 409 });
  });

  it('answers a missing pod with the real 404 Status body', async () => {
    const err = await apiError(clients.core.readNamespacedPod({ namespace: NS, name: 'ghost' }));
    expect(err.code).toBe(404);
    expect(JSON.parse(err.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "ghost" not found',
      reason: 'NotFound',
      details: { name: 'ghost', kind: 'pods' },
      code: 404,
    });
  });

  it('lists pods by namespace, across namespaces, and by label and field selectors', async () => {
    kube.addPod({ namespace: NS, name: 'balancer', nodeName: 'node-a', labels: { app: 'balancer', tier: 'edge' } });
    kube.addPod({ namespace: NS, name: 'server', nodeName: 'node-b', labels: { app: 'server' } });
    kube.addPod({ namespace: 'other', name: 'db', nodeName: 'node-a', labels: { app: 'db', tier: 'data' } });
    const names = (list: { items: V1Pod[] }): string[] => list.items.map((p) => p.metadata?.name ?? '');

    const inNs = await clients.core.listNamespacedPod({ namespace: NS });
    expect(names(inNs)).toEqual(['balancer', 'server']);
    expect(Number(inNs.metadata?.resourceVersion)).toBeGreaterThan(0);
    expect(names(await clients.core.listPodForAllNamespaces({}))).toEqual(['db', 'balancer', 'server']);
    expect(names(await clients.core.listPodForAllNamespaces({ labelSelector: 'app in (balancer,db)' }))).toEqual(['db', 'balancer']);
    expect(names(await clients.core.listPodForAllNamespaces({ labelSelector: 'tier,app!=db' }))).toEqual(['balancer']);
    expect(names(await clients.core.listPodForAllNamespaces({ labelSelector: '!tier' }))).toEqual(['server']);
    expect(names(await clients.core.listNamespacedPod({ namespace: NS, labelSelector: 'app=server' }))).toEqual(['server']);
    expect(names(await clients.core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=node-a' }))).toEqual(['db', 'balancer']);
    expect(names(await clients.core.listNamespacedPod({ namespace: NS, fieldSelector: 'metadata.name=server' }))).toEqual(['server']);
  });

  it('selects pods by status.podIP, and refuses a field label the API server does not support', async () => {
    kube.addPod({ namespace: NS, name: 'server', nodeName: 'node-b', podIP: '10.40.3.4' });
    kube.addPod({ namespace: NS, name: 'other', nodeName: 'node-b' });
    const byIP = await clients.core.listPodForAllNamespaces({ fieldSelector: 'status.podIP=10.40.3.4' });
    expect(byIP.items.map((p) => [p.metadata?.name, p.status?.podIP, p.status?.podIPs])).toEqual([['server', '10.40.3.4', [{ ip: '10.40.3.4' }]]]);
    const err = await apiError(clients.core.listPodForAllNamespaces({ fieldSelector: 'spec.containers=app' }));
    expect(err.code).toBe(400);
    expect(JSON.parse(err.body)).toMatchObject({ reason: 'BadRequest', message: 'field label not supported: spec.containers' });
  });

  it('serves Services across namespaces, selectable by name but not by cluster IP', async () => {
    kube.addService({ namespace: NS, name: 'ticket-server', clusterIP: '10.96.12.7', port: 8080 });
    kube.addService({ namespace: 'other', name: 'db', clusterIP: 'None' });
    const all = await clients.core.listServiceForAllNamespaces({});
    expect(all.kind).toBe('ServiceList');
    expect(all.items.map((svc) => [svc.metadata?.namespace, svc.metadata?.name, svc.spec?.clusterIP, svc.spec?.clusterIPs])).toEqual([
      ['other', 'db', 'None', undefined],
      [NS, 'ticket-server', '10.96.12.7', ['10.96.12.7']],
    ]);
    const named = await clients.core.listServiceForAllNamespaces({ fieldSelector: 'metadata.name=db' });
    expect(named.items.map((svc) => svc.metadata?.name)).toEqual(['db']);
    const err = await apiError(clients.core.listServiceForAllNamespaces({ fieldSelector: 'spec.clusterIP=10.96.12.7' }));
    expect(err.code).toBe(400);
    expect(JSON.parse(err.body)).toMatchObject({ message: 'field label not supported: spec.clusterIP' });
    expect(kube.requests.at(-1)).toMatchObject({ verb: 'list', resource: 'services', apiGroup: '' });
  });

  it('pages a list with limit and continue', async () => {
    for (const name of ['a', 'b', 'c']) kube.addPod({ namespace: NS, name, nodeName: 'node-a' });
    const first = await clients.core.listPodForAllNamespaces({ limit: 2 });
    expect(first.items.map((p) => p.metadata?.name)).toEqual(['a', 'b']);
    expect(first.metadata?._continue).toBeTruthy();
    const rest = await clients.core.listPodForAllNamespaces({ limit: 2, _continue: first.metadata?._continue });
    expect(rest.items.map((p) => p.metadata?.name)).toEqual(['c']);
    expect(rest.metadata?._continue).toBeUndefined();
  });

  it('deletes a pod and then answers 404 for it', async () => {
    kube.addPod({ namespace: NS, name: 'web-1', nodeName: 'node-a' });
    const deleted = await clients.core.deleteNamespacedPod({ namespace: NS, name: 'web-1' });
    expect(deleted.metadata?.name).toBe('web-1');
    expect(deleted.metadata?.deletionTimestamp).toBeDefined();
    expect((await apiError(clients.core.readNamespacedPod({ namespace: NS, name: 'web-1' }))).code).toBe(404);
    expect((await apiError(clients.core.deleteNamespacedPod({ namespace: NS, name: 'web-1' }))).code).toBe(404);
  });

  it('serves nodes and the workloads a test adds', async () => {
    const nodes = await clients.core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(['node-a', 'node-b']);
    const node = await clients.core.readNode({ name: 'node-b' });
    expect(node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address).toMatch(/^10\.0\.0\.\d+$/);

    kube.addWorkload({ kind: 'Deployment', namespace: NS, name: 'ticket-balancer', matchLabels: { app: 'balancer' }, replicas: 2 });
    kube.addWorkload({ kind: 'StatefulSet', namespace: NS, name: 'ticket-db', matchLabels: { app: 'db' } });
    const deployment = await clients.apps.readNamespacedDeployment({ namespace: NS, name: 'ticket-balancer' });
    expect(deployment.spec?.selector.matchLabels).toEqual({ app: 'balancer' });
    expect(deployment.spec?.replicas).toBe(2);
    const sts = await clients.apps.readNamespacedStatefulSet({ namespace: NS, name: 'ticket-db' });
    expect(sts.spec?.selector.matchLabels).toEqual({ app: 'db' });
    const err = await apiError(clients.apps.readNamespacedDaemonSet({ namespace: NS, name: 'absent' }));
    expect(JSON.parse(err.body)).toMatchObject({ message: 'daemonsets.apps "absent" not found', details: { group: 'apps', kind: 'daemonsets' } });
  });

  it('refuses a client without the kubeconfig token', async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: kube.url, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'wrong' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const err = await apiError(kc.makeApiClient(CoreV1Api).listNode());
    expect(err.code).toBe(401);
  });
});
