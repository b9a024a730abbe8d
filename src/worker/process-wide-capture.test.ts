import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { CaptureJob, CapturePodJob } from '../capture/capture-job.js';
import type { CaptureProgress } from '../capture/capture-progress.js';
import type { CaptureArtifact, CaptureStatus } from '../capture/capture-status.js';
import { sampleJob } from '../kube/testdata/sample-job.js';
import type { CaptureRun } from './capture-run.js';
import type { CaptureSlots } from './capture-slots-port.js';
import type { CaptureEnd, CaptureCluster, ProgressNotifier, TraceStore } from './ports.js';
import { processCapture, type CaptureProcessorDeps } from './process-capture.js';
import { CaptureMustWait } from './requeue.js';

const job = sampleJob({ pod: 'deployment-web', namespace: 'shop', target: { kind: 'deployment', name: 'web' } });
const RESOLVED = [
  { node: 'node-a', pods: ['web-0'], containerIds: ['aaaaaaaaaaaa'] },
  { node: 'node-b', pods: ['web-1'], containerIds: ['bbbbbbbbbbbb'] },
];

/** A cluster, store and Slack that remember what was asked of them; `ends` decides how each node's capture ends. */
function world(ends: Record<string, CaptureEnd> = {}) {
  const calls: string[] = [];
  const statuses: CaptureStatus[] = [];
  const links: CaptureArtifact[] = [];
  const stored = new Map<string, Buffer>();
  const node = (share: CapturePodJob) => share.part?.node ?? 'single';
  const cluster: CaptureCluster = {
    resolve: async () => ({ kind: 'resolved', pod: 'deployment-web', nodes: RESOLVED, notes: [] }),
    findTarget: () => Promise.reject(new Error('a wide capture never looks for one pod')),
    resolveTargets: async () => RESOLVED,
    startCapturePod: async (share, nodeName) => void calls.push(`start ${node(share)} on ${nodeName}`),
    awaitCaptureEnd: async (share, hooks) => {
      hooks.onCapturing(new Date());
      return ends[node(share)] ?? { ok: true };
    },
    openTrace: (share) => Readable.from([Buffer.from(`trace of ${node(share)}`)]),
    deleteCapturePod: async (share) => void calls.push(`delete ${node(share)}`),
    tracePath: () => '/captures/x',
    runInCapturePod: () => Promise.reject(new Error('no sysdig here')),
    lookupPeerOwners: async () => ({ owners: new Map(), failures: [] }),
  };
  const store: TraceStore = {
    put: async (key, body) => void stored.set(key, await buffer(body)),
    presign: async (key) => ({ url: `https://s3/${key}`, expiresAt: new Date('2026-12-01T00:00:00Z') }),
  };
  const notifier: ProgressNotifier = {
    status: async (_job, status) => void statuses.push(status),
    delivered: async (_job, artifact) => void links.push(artifact),
    summarised: async () => void calls.push('summary'),
  };
  const deps: CaptureProcessorDeps = { cluster, store, notifier, log: pino({ level: 'silent' }), objectPrefix: '', linkTtlSeconds: 3600 };
  return { deps, calls, statuses, links, stored };
}

function runWith(progress: CaptureProgress = {}): CaptureRun & { saved: CaptureProgress } {
  const run = { progress, firstAttempt: Object.keys(progress).length === 0, saved: { ...progress }, save: async (change: Partial<CaptureProgress>) => void Object.assign(run.saved, change), stopReason: () => undefined };
  return run;
}

const go = (j: CaptureJob, deps: CaptureProcessorDeps, run: CaptureRun = runWith()) => processCapture(j, deps, new AbortController().signal, run);

describe('a capture over several nodes, against hand-written ports', () => {
  it('stores one trace per node, under keys named after the node, and deletes every pod', async () => {
    const { deps, calls, links, stored, statuses } = world();
    const artifact = await go(job, deps);
    expect([...stored.keys()].map((key) => key.split('/').slice(0, 3).join('/'))).toEqual(['default/shop/deployment-web', 'default/shop/deployment-web']);
    expect([...stored.keys()].every((key, i) => key.includes(`-node-${'ab'[i]}-`))).toBe(true);
    expect(links.map((link) => link.node)).toEqual(['node-a', 'node-b']);
    expect(artifact).toMatchObject({ node: 'node-a, node-b', sizeBytes: 'trace of node-a'.length * 2 });
    expect(calls.filter((call) => call.startsWith('delete'))).toEqual(['delete node-a', 'delete node-b']);
    expect(statuses.at(-1)).toMatchObject({ stage: 'done', node: 'node-a, node-b', resolved: RESOLVED });
  });

  it('posts the link of a node that captured, and fails naming the node that did not', async () => {
    const { deps, calls, links, statuses } = world({ 'node-b': { ok: false, reason: 'sysdig exited with code 1' } });
    await expect(go(job, deps)).rejects.toThrow('the capture failed on node node-b: sysdig exited with code 1. The links of node-a are in the thread.');
    expect(links.map((link) => link.node)).toEqual(['node-a']);
    expect(calls).toContain('summary');
    expect(statuses.at(-1)).toMatchObject({ stage: 'failed' });
    expect(calls.filter((call) => call.startsWith('delete'))).toHaveLength(2);
  });

  it('refuses past MAX_NODES_PER_CAPTURE before making any pod', async () => {
    const { deps, calls } = world();
    await expect(go(job, { ...deps, maxNodesPerCapture: 1 })).rejects.toThrow(/more nodes than one capture may span \(MAX_NODES_PER_CAPTURE is 1\)/);
    expect(calls).toEqual([]);
  });

  it('waits when one node has no free slot, giving back the slots it took', async () => {
    const released: string[] = [];
    const slots: CaptureSlots = {
      acquire: async (_id, node) => (node === 'node-b' ? { ok: false, waitingFor: 'node node-b runs 1 capture (MAX_CAPTURES_PER_NODE)' } : { ok: true, lease: { release: async () => void released.push(node) } }),
    };
    const { deps, calls } = world();
    await expect(go(job, { ...deps, slots })).rejects.toBeInstanceOf(CaptureMustWait);
    expect(released).toEqual(['node-a']);
    expect(calls).toEqual([]);
  });

  it('resumes: re-attaches to the same pods, and never posts a link an earlier attempt posted', async () => {
    const earlier = { index: 0, node: 'node-a', key: 'shop/deployment-web/a.scap.gz', fileName: 'a.scap.gz', sizeBytes: 7, sha256: 'aa', expiresAt: '2026-12-01T00:00:00.000Z' };
    const { deps, calls, links } = world();
    const artifact = await go(job, deps, runWith({ podCreated: true, node: 'node-a, node-b', resolved: RESOLVED, parts: [earlier] }));
    expect(calls.filter((call) => call.startsWith('start'))).toEqual([]);
    expect(links.map((link) => link.node)).toEqual(['node-b']);
    expect(artifact.parts?.map((part) => part.key)).toEqual([earlier.key, expect.stringContaining('-node-b-')]);
  });

  it('keeps the layout and each delivered part in the job’s progress', async () => {
    const { deps } = world();
    const run = runWith();
    await go(job, deps, run);
    expect(run.saved).toMatchObject({ podCreated: true, resolved: RESOLVED });
    expect(run.saved.parts?.map((part) => `${part.index} ${part.node}`).sort()).toEqual(['0 node-a', '1 node-b']);
  });
});
