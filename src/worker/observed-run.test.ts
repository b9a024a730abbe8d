import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CaptureArtifact } from '../capture/capture-status.js';
import { UserFacingError } from '../capture/user-facing-error.js';
import { sampleJob } from '../kube/testdata/sample-job.js';
import type { CaptureObserver } from './capture-observer.js';
import { observeRun, type ObservedPorts } from './observed-run.js';
import type { CaptureEnd } from './ports.js';

const job = sampleJob();
const hooks = { signal: new AbortController().signal, onCapturing: () => {} };
const metadata = { fileName: 'capture.scap.gz', captureId: job.captureId, requestedBy: job.requestedBy };
const artifact: CaptureArtifact = {
  url: 'https://s3.example/presigned',
  expiresAt: new Date('2030-01-01T00:00:00Z'),
  key: 'k',
  fileName: 'capture.scap.gz',
  sizeBytes: 10_725,
  sha256: 'ab',
  node: 'node-a',
  durationSeconds: 30,
  snaplen: 80,
};

/** Records what the observer was told, in order. */
function recordingObserver(): CaptureObserver & { readonly calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    started: () => calls.push(['started']),
    captured: (seconds) => calls.push(['captured', seconds]),
    uploaded: (bytes, seconds) => calls.push(['uploaded', bytes, seconds]),
    succeeded: () => calls.push(['succeeded']),
    failed: (reason) => calls.push(['failed', reason]),
  };
}

interface FakeOptions {
  findTarget?: () => Promise<never>;
  resolveTargets?: () => Promise<never>;
  startCapturePod?: () => Promise<void>;
  end?: CaptureEnd | Error;
  trace?: Readable;
  put?: () => Promise<void>;
}

type FakeCluster = ObservedPorts['cluster'] & {
  readonly nodes: string[];
  nodeOf(): string | undefined;
  deleteCapturePod(): Promise<void>;
};

interface FakePorts extends ObservedPorts {
  readonly cluster: FakeCluster;
  readonly objectPrefix: string;
}

/** A cluster and a store that answer as told, with members the observer knows nothing of. */
function fakePorts(options: FakeOptions = {}): FakePorts {
  const cluster: FakeCluster = {
    findTarget: options.findTarget ?? (async () => ({ name: job.pod, namespace: job.namespace, nodeName: 'node-a', containerIds: ['5255305a76e4'] })),
    resolveTargets:
      options.resolveTargets ??
      (async () => [
        { node: 'node-a', pods: ['web-1'], containerIds: ['aaaaaaaaaaaa'] },
        { node: 'node-b', pods: ['web-2'], containerIds: ['bbbbbbbbbbbb'] },
      ]),
    startCapturePod: options.startCapturePod ?? (async () => {}),
    awaitCaptureEnd: async () => {
      if (options.end instanceof Error) throw options.end;
      return options.end ?? { ok: true };
    },
    openTrace: () => options.trace ?? Readable.from([Buffer.from('trace')]),
    nodes: ['node-a'],
    nodeOf() {
      return this.nodes[0];
    },
    deleteCapturePod: async () => Promise.reject(new Error('while trying to delete capture pod: HTTP 500')),
  };
  return {
    cluster,
    store: {
      put: options.put ?? (async () => {}),
      presign: async () => ({ url: artifact.url, expiresAt: artifact.expiresAt }),
    },
    objectPrefix: 'captures/',
  };
}

/** A clock that moves only when told. */
function manualClock() {
  let ms = 0;
  return { now: () => ms, advance: (seconds: number) => (ms += seconds * 1000) };
}

describe('observing one capture run', () => {
  it('counts the capture as started when it asks for the capture pod, and not before', async () => {
    const observer = recordingObserver();
    const run = observeRun(fakePorts(), observer);
    await run.deps.cluster.findTarget(job);
    expect(observer.calls).toEqual([]);
    await run.deps.cluster.startCapturePod(job, 'node-a');
    expect(observer.calls).toEqual([['started']]);
  });

  it('times the capture from the pod request to its end, and the upload, then reports the bytes and the success', async () => {
    const observer = recordingObserver();
    const clock = manualClock();
    const run = observeRun(fakePorts(), observer, clock.now);
    await run.deps.cluster.findTarget(job);
    clock.advance(1);
    await run.deps.cluster.startCapturePod(job, 'node-a');
    clock.advance(32.5);
    await run.deps.cluster.awaitCaptureEnd(job, hooks);
    clock.advance(0.5);
    await run.deps.store.put(artifact.key, Readable.from([]), metadata);
    run.succeeded(artifact);
    expect(observer.calls).toEqual([['started'], ['captured', 32.5], ['uploaded', 10_725, 0], ['succeeded']]);
  });

  it('measures the upload as long as put takes', async () => {
    const observer = recordingObserver();
    const clock = manualClock();
    const run = observeRun(fakePorts({ put: async () => void clock.advance(4) }), observer, clock.now);
    await run.deps.store.put(artifact.key, Readable.from([]), metadata);
    run.succeeded(artifact);
    expect(observer.calls[0]).toEqual(['uploaded', 10_725, 4]);
  });

  it('counts a capture over two nodes once, and times the capture pod and the upload of each node on their own', async () => {
    const observer = recordingObserver();
    const clock = manualClock();
    const wide = sampleJob({ target: { kind: 'deployment', name: 'web' } });
    const [a, b] = [0, 1].map((index) => ({ ...wide, part: { index, node: `node-${'ab'[index]}` } }));
    const run = observeRun(fakePorts(), observer, clock.now);
    await run.deps.cluster.resolveTargets(wide);
    await run.deps.cluster.startCapturePod(a!, 'node-a');
    clock.advance(2);
    await run.deps.cluster.startCapturePod(b!, 'node-b');
    clock.advance(30);
    await run.deps.cluster.awaitCaptureEnd(a!, hooks);
    clock.advance(1);
    await run.deps.cluster.awaitCaptureEnd(b!, hooks);
    await run.deps.store.put('key-a', Readable.from([]), metadata);
    const putB = run.deps.store.put('key-b', Readable.from([]), metadata);
    clock.advance(3);
    await putB;
    run.succeeded({ ...artifact, sizeBytes: 300, parts: [{ ...artifact, key: 'key-a', sizeBytes: 100 }, { ...artifact, key: 'key-b', sizeBytes: 200 }] });
    expect(observer.calls).toEqual([['started'], ['captured', 32], ['captured', 31], ['uploaded', 100, 0], ['uploaded', 200, 3], ['succeeded']]);
  });

  it('reports no upload for a trace an earlier attempt stored (a resumed job whose link is out)', () => {
    const observer = recordingObserver();
    observeRun(fakePorts(), observer).succeeded(artifact);
    expect(observer.calls).toEqual([['succeeded']]);
  });

  it('passes members it does not observe straight to the port, bound to it', () => {
    const ports = fakePorts();
    const run = observeRun(ports, recordingObserver());
    expect(run.deps.cluster.nodeOf()).toBe('node-a');
    expect(run.deps.objectPrefix).toBe('captures/');
  });

  describe('when the run fails', () => {
    const signal = new AbortController().signal;

    async function reasonAfter(options: FakeOptions, steps: (deps: FakePorts) => Promise<unknown>, runSignal = signal) {
      const observer = recordingObserver();
      const run = observeRun(fakePorts(options), observer);
      await steps(run.deps).catch(() => {});
      const reason = run.failed(runSignal);
      expect(observer.calls.filter(([call]) => call !== 'started')).toEqual([['failed', reason]]);
      return reason;
    }

    it('counts a target the cluster says is missing or not running as target_not_found', async () => {
      const missing = async () => Promise.reject(new UserFacingError('pod ghost not found in namespace shop'));
      expect(await reasonAfter({ findTarget: missing }, (d) => d.cluster.findTarget(job))).toBe('target_not_found');
    });

    it('counts a workload, selector or node that matches nothing running as target_not_found', async () => {
      const nothing = async () => Promise.reject(new UserFacingError('deployment web in namespace shop has no running pod'));
      expect(await reasonAfter({ resolveTargets: nothing }, (d) => d.cluster.resolveTargets(job))).toBe('target_not_found');
    });

    it('counts an API failure while looking for the target as kube_error', async () => {
      const broken = async () => Promise.reject(new Error('while trying to read pod: HTTP 500'));
      expect(await reasonAfter({ findTarget: broken }, (d) => d.cluster.findTarget(job))).toBe('kube_error');
    });

    it('counts a capture container that ended badly as capture_failed', async () => {
      const end: CaptureEnd = { ok: false, reason: 'sysdig exited with code 1', logTail: 'Unable to load the driver' };
      const steps = async (d: FakePorts) => {
        const result = await d.cluster.awaitCaptureEnd(job, hooks);
        if (!result.ok) throw new UserFacingError(result.reason);
      };
      expect(await reasonAfter({ end }, steps)).toBe('capture_failed');
    });

    it('counts a capture pod the namespace refuses as capture_failed, and an API error creating it as kube_error', async () => {
      const refused = async () => Promise.reject(new UserFacingError('namespace does not allow privileged pods'));
      const broken = async () => Promise.reject(new Error('while trying to create capture pod: HTTP 500'));
      expect(await reasonAfter({ startCapturePod: refused }, (d) => d.cluster.startCapturePod(job, 'node-a'))).toBe('capture_failed');
      expect(await reasonAfter({ startCapturePod: broken }, (d) => d.cluster.startCapturePod(job, 'node-a'))).toBe('kube_error');
    });

    it('counts a watch that gives up as kube_error', async () => {
      const end = new Error('while trying to watch capture pod: connect ECONNREFUSED');
      expect(await reasonAfter({ end }, (d) => d.cluster.awaitCaptureEnd(job, hooks))).toBe('kube_error');
    });

    it('counts a trace that cannot be read out of the pod as upload_failed', async () => {
      const trace = new Readable({ read() {} });
      const steps = async (d: FakePorts) => {
        const stream = d.cluster.openTrace(job);
        stream.on('error', () => {});
        stream.destroy(new Error('exec: container not found'));
        await new Promise((resolve) => stream.once('close', resolve));
      };
      expect(await reasonAfter({ trace }, steps)).toBe('upload_failed');
    });

    it('counts a store that refuses the trace as upload_failed', async () => {
      const put = async () => Promise.reject(new UserFacingError('could not store the trace at s3://b/k: AccessDenied (HTTP 403)'));
      expect(await reasonAfter({ put }, (d) => d.store.put('k', Readable.from([]), metadata))).toBe('upload_failed');
    });

    it('keeps the first failure when the clean-up after it fails too', async () => {
      const steps = async (d: FakePorts) => {
        await d.cluster.awaitCaptureEnd(job, hooks);
        await d.cluster.deleteCapturePod();
      };
      expect(await reasonAfter({ end: { ok: false, reason: 'deadline exceeded' } }, steps)).toBe('capture_failed');
    });

    it('counts an aborted job as cancelled, whatever failed on the way out', async () => {
      const controller = new AbortController();
      controller.abort(new Error('job cancelled'));
      const end = new Error('aborted');
      expect(await reasonAfter({ end }, (d) => d.cluster.awaitCaptureEnd(job, hooks), controller.signal)).toBe('cancelled');
    });

    it('counts a failure outside the cluster and the store (e.g. posting the link) as internal', async () => {
      expect(await reasonAfter({}, async () => Promise.reject(new Error('chat.postMessage: channel_not_found')))).toBe('internal');
    });
  });
});
