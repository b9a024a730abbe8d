import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startKubeStandIn } from './kube-stand-in.js';
import type { KubeStandIn } from './kube-stand-in-api.js';
import { openWatch, realClients } from './real-client.js';
import type { OpenWatch } from './real-client.js';

const NS = 'ticket-generator';
const PODS = `/api/v1/namespaces/${NS}/pods`;
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 5000, interval: 10 });
const seen = (w: OpenWatch): string[] => w.events.map((e) => `${e.type} ${e.object.metadata?.name ?? ''}`);

describe('kube stand-in watch, through the real client-node', () => {
  let kube: KubeStandIn;
  let clients: ReturnType<typeof realClients>;

  beforeEach(async () => {
    kube = await startKubeStandIn({ nodes: ['node-a'] });
    clients = realClients(kube);
    kube.addPod({ namespace: NS, name: 'balancer', nodeName: 'node-a', labels: { app: 'balancer' } });
    kube.addPod({ namespace: NS, name: 'server', nodeName: 'node-a', labels: { app: 'server' } });
  });
  afterEach(async () => {
    await kube.close();
  });

  it('without a resourceVersion starts with the current pods as ADDED, then streams changes', async () => {
    const w = await openWatch(clients.watch, PODS, {});
    await eventually(() => expect(seen(w)).toEqual(['ADDED balancer', 'ADDED server']));
    kube.updatePod(NS, 'server', (p) => {
      p.metadata.annotations = { touched: 'yes' };
    });
    await eventually(() => expect(seen(w)).toEqual(['ADDED balancer', 'ADDED server', 'MODIFIED server']));
    w.abort();
  });

  it('resumes from a resourceVersion with exactly the changes after it', async () => {
    const list = await clients.core.listNamespacedPod({ namespace: NS });
    const from = list.metadata?.resourceVersion as string;
    kube.updatePod(NS, 'balancer', (p) => {
      p.metadata.labels = { ...p.metadata.labels, touched: 'yes' };
    });
    kube.addPod({ namespace: NS, name: 'late', nodeName: 'node-a' });

    const w = await openWatch(clients.watch, PODS, { resourceVersion: from, allowWatchBookmarks: true });
    await eventually(() => expect(seen(w)).toEqual(['MODIFIED balancer', 'ADDED late']));
    expect(Number(w.events[0]?.object.metadata?.resourceVersion)).toBeGreaterThan(Number(from));
    w.abort();
  });

  it('answers a resourceVersion older than the kept history with an ERROR event: 410 Expired', async () => {
    const list = await clients.core.listNamespacedPod({ namespace: NS });
    kube.addPod({ namespace: NS, name: 'late', nodeName: 'node-a' });
    kube.compactHistory();
    const w = await openWatch(clients.watch, PODS, { resourceVersion: list.metadata?.resourceVersion as string });
    expect(await w.done).toBeNull();
    expect(w.events).toHaveLength(1);
    expect(w.events[0]?.type).toBe('ERROR');
    expect(w.events[0]?.object).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 });
  });

  it('keeps only a bounded history', async () => {
    await kube.close();
    kube = await startKubeStandIn({ historyLimit: 3 });
    clients = realClients(kube);
    const from = (await clients.core.listNamespacedPod({ namespace: NS })).metadata?.resourceVersion as string;
    for (const name of ['a', 'b', 'c', 'd']) kube.addPod({ namespace: NS, name, nodeName: 'node-1' });
    const w = await openWatch(clients.watch, PODS, { resourceVersion: from });
    await w.done;
    expect(w.events[0]?.object).toMatchObject({ code: 410 });
  });

  it('shows a pod leaving a label selector as DELETED and one entering it as ADDED', async () => {
    const w = await openWatch(clients.watch, PODS, { labelSelector: 'app=balancer' });
    await eventually(() => expect(seen(w)).toEqual(['ADDED balancer']));
    kube.updatePod(NS, 'balancer', (p) => {
      p.metadata.labels = { app: 'retired' };
    });
    kube.updatePod(NS, 'server', (p) => {
      p.metadata.labels = { app: 'balancer' };
    });
    await eventually(() => expect(seen(w)).toEqual(['ADDED balancer', 'DELETED balancer', 'ADDED server']));
    w.abort();
  });

  it('ends at timeoutSeconds and sends bookmarks when allowed', async () => {
    await kube.close();
    kube = await startKubeStandIn({ bookmarkIntervalMs: 50 });
    clients = realClients(kube);
    const w = await openWatch(clients.watch, '/api/v1/pods', { timeoutSeconds: 1, allowWatchBookmarks: true });
    expect(await w.done).toBeNull();
    const bookmarks = w.events.filter((e) => e.type === 'BOOKMARK');
    expect(bookmarks.length).toBeGreaterThan(0);
    expect(bookmarks[0]?.object).toMatchObject({ kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
  });

  it('dropWatches cuts open watches with an error', async () => {
    const w = await openWatch(clients.watch, PODS, {});
    await eventually(() => expect(w.events).toHaveLength(2));
    kube.dropWatches();
    expect(await w.done).toBeInstanceOf(Error);
  });

  it('survives a stop and restart on the same port; a resumed watch gets what happened meanwhile', async () => {
    const w = await openWatch(clients.watch, PODS, {});
    await eventually(() => expect(w.events).toHaveLength(2));
    const lastSeen = w.events.at(-1)?.object.metadata?.resourceVersion as string;
    await kube.stop();
    expect(await w.done).toBeInstanceOf(Error);
    await expect(clients.core.listNode()).rejects.toThrow();
    kube.addPod({ namespace: NS, name: 'during-outage', nodeName: 'node-a' });

    await kube.restart();
    const resumed = await openWatch(clients.watch, PODS, { resourceVersion: lastSeen });
    await eventually(() => expect(seen(resumed)).toEqual(['ADDED during-outage']));
    resumed.abort();
  });
});
