import { ApiException } from '@kubernetes/client-node';
import type { V1Pod } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKubeStandIn } from './kube-stand-in.js';
import type { KubeStandIn } from './kube-stand-in-api.js';
import { execCollect, openWatch, realClients } from './real-client.js';

const NS = 'capturebot-captures';
const body: V1Pod = { metadata: { name: 'cap-1' }, spec: { nodeName: 'node-1', containers: [{ name: 'holder', image: 'busybox:1.36' }] } };

async function failure(call: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiException);
  const api = err as ApiException<string>;
  return { code: api.code, body: JSON.parse(api.body) as Record<string, unknown> };
}

describe('kube stand-in fault injection and request recording', () => {
  let kube: KubeStandIn;
  let clients: ReturnType<typeof realClients>;

  beforeEach(async () => {
    kube = await startKubeStandIn({ user: 'system:serviceaccount:capturebot:worker' });
    clients = realClients(kube);
  });
  afterEach(async () => {
    await kube.close();
  });

  it('refuses the next create with the authorizer\'s 403 wording, then serves again', async () => {
    kube.failNext({ verb: 'create', resource: 'pods', status: 403 });
    const refused = await failure(clients.core.createNamespacedPod({ namespace: NS, body }));
    expect(refused.code).toBe(403);
    expect(refused.body).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      message: 'pods is forbidden: User "system:serviceaccount:capturebot:worker" cannot create resource "pods" in API group "" in the namespace "capturebot-captures"',
    });
    expect(kube.pods(NS)).toEqual([]);
    await clients.core.createNamespacedPod({ namespace: NS, body });
    expect(kube.pods(NS).map((p) => p.metadata.name)).toEqual(['cap-1']);
  });

  it('fails as many times as asked, only the matching requests', async () => {
    kube.failNext({ verb: 'get', resource: 'pods', name: 'cap-1', status: 503, times: 2 });
    kube.addPod({ namespace: NS, name: 'cap-1', nodeName: 'node-1' });
    expect((await clients.core.listNamespacedPod({ namespace: NS })).items).toHaveLength(1);
    expect((await failure(clients.core.readNamespacedPod({ namespace: NS, name: 'cap-1' }))).body).toMatchObject({ reason: 'ServiceUnavailable', code: 503 });
    expect((await failure(clients.core.readNamespacedPod({ namespace: NS, name: 'cap-1' }))).code).toBe(503);
    expect((await clients.core.readNamespacedPod({ namespace: NS, name: 'cap-1' })).metadata?.name).toBe('cap-1');
  });

  it('answers 409 on create as AlreadyExists and 500 as an internal error', async () => {
    kube.failNext({ verb: 'create', resource: 'pods', status: 409 });
    kube.failNext({ verb: 'delete', resource: 'pods', status: 500, message: 'etcdserver: leader changed' });
    expect((await failure(clients.core.createNamespacedPod({ namespace: NS, body }))).body).toMatchObject({ reason: 'AlreadyExists', message: 'pods "cap-1" already exists' });
    expect((await failure(clients.core.deleteNamespacedPod({ namespace: NS, name: 'cap-1' }))).body).toMatchObject({
      reason: 'InternalError',
      message: 'Internal error occurred: etcdserver: leader changed',
      code: 500,
    });
  });

  it('refuses an exec upgrade on an injected 403 for pods/exec', async () => {
    kube.addPod({ namespace: NS, name: 'cap-1', nodeName: 'node-1', containers: ['holder'] });
    kube.failNext({ verb: 'create', resource: 'pods', subresource: 'exec', status: 403 });
    await expect(execCollect(clients.exec, NS, 'cap-1', 'holder', ['cat', '/etc/hostname'])).rejects.toMatchObject({ message: 'Unexpected server response: 403' });
    const second = await execCollect(clients.exec, NS, 'cap-1', 'holder', ['cat', '/etc/hostname']);
    expect(second.status.status).toBe('Failure');
  });

  it('records each request in RBAC terms', async () => {
    kube.addPod({ namespace: 'ticket-generator', name: 'web', nodeName: 'node-1', containers: ['app'], logs: { app: ['hello'] } });
    await clients.core.readNamespacedPod({ namespace: 'ticket-generator', name: 'web' });
    await clients.core.readNode({ name: 'node-1' });
    await clients.apps.listNamespacedReplicaSet({ namespace: 'ticket-generator' });
    await clients.core.createNamespacedPod({ namespace: NS, body });
    const w = await openWatch(clients.watch, `/api/v1/namespaces/${NS}/pods`, { fieldSelector: 'metadata.name=cap-1' });
    w.abort();
    await clients.core.listPodForAllNamespaces({ labelSelector: 'app.kubernetes.io/managed-by=capturebot' });
    await clients.core.readNamespacedPodLog({ namespace: 'ticket-generator', name: 'web', container: 'app' });
    await execCollect(clients.exec, 'ticket-generator', 'web', 'app', ['stat', '-c', '%s', '/etc/hostname']);
    await clients.core.deleteNamespacedPod({ namespace: NS, name: 'cap-1' });

    expect(kube.requests.map(({ verb, alsoAuthorized, apiGroup, resource, subresource, namespace, name }) => ({ verb, alsoAuthorized, apiGroup, resource, subresource, namespace, name }))).toEqual([
      { verb: 'get', alsoAuthorized: undefined, apiGroup: '', resource: 'pods', subresource: undefined, namespace: 'ticket-generator', name: 'web' },
      { verb: 'get', alsoAuthorized: undefined, apiGroup: '', resource: 'nodes', subresource: undefined, namespace: undefined, name: 'node-1' },
      { verb: 'list', alsoAuthorized: undefined, apiGroup: 'apps', resource: 'replicasets', subresource: undefined, namespace: 'ticket-generator', name: undefined },
      { verb: 'create', alsoAuthorized: undefined, apiGroup: '', resource: 'pods', subresource: undefined, namespace: NS, name: undefined },
      { verb: 'watch', alsoAuthorized: undefined, apiGroup: '', resource: 'pods', subresource: undefined, namespace: NS, name: 'cap-1' },
      { verb: 'list', alsoAuthorized: undefined, apiGroup: '', resource: 'pods', subresource: undefined, namespace: undefined, name: undefined },
      { verb: 'get', alsoAuthorized: undefined, apiGroup: '', resource: 'pods', subresource: 'log', namespace: 'ticket-generator', name: 'web' },
      { verb: 'get', alsoAuthorized: ['create'], apiGroup: '', resource: 'pods', subresource: 'exec', namespace: 'ticket-generator', name: 'web' },
      { verb: 'delete', alsoAuthorized: undefined, apiGroup: '', resource: 'pods', subresource: undefined, namespace: NS, name: 'cap-1' },
    ]);
  });
});
