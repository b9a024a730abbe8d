import type { Readable } from 'node:stream';
import type { CapturePodJob } from '../capture/capture-job.js';
import type { CaptureArtifact } from '../capture/capture-status.js';
import { UserFacingError } from '../capture/user-facing-error.js';
import type { CaptureObserver, FailureReason } from './capture-observer.js';
import type { CaptureCluster, TraceStore } from './ports.js';

type Stage = 'target' | 'capture' | 'upload';

interface FirstFailure {
  readonly stage: Stage;
  readonly error: unknown;
  /** The capture container ended badly (sysdig failed, deadline, eviction), as opposed to an API call failing. */
  readonly captureEnded?: boolean;
}

/** The ports whose calls mark the stages of a capture. */
export interface ObservedPorts {
  readonly cluster: Pick<CaptureCluster, 'findTarget' | 'resolveTargets' | 'startCapturePod' | 'awaitCaptureEnd' | 'openTrace'>;
  readonly store: Pick<TraceStore, 'put' | 'presign'>;
}

/** One capture job as the observer sees it. */
export interface ObservedRun<D extends ObservedPorts> {
  /** The processor's dependencies, with the cluster and the store timed and their failures noted. */
  readonly deps: D;
  /** Reports the successful end: bytes stored, upload time, success. */
  readonly succeeded: (artifact: CaptureArtifact) => void;
  /** Reports the failure under the reason that fits where it happened. */
  readonly failed: (signal: AbortSignal) => FailureReason;
}

/**
 * Presents `target` with some methods replaced and every other one passed
 * through (bound to the target), so members added to a port later keep working.
 */
function overriding<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}

function reasonOf(failure: FirstFailure | undefined): FailureReason {
  if (!failure) return 'internal';
  switch (failure.stage) {
    case 'target':
      return failure.error instanceof UserFacingError ? 'target_not_found' : 'kube_error';
    case 'capture':
      return failure.captureEnded || failure.error instanceof UserFacingError ? 'capture_failed' : 'kube_error';
    case 'upload':
      return 'upload_failed';
  }
}

/**
 * Wraps one job's ports so the observer learns how long each capture pod and
 * each upload took and, when the job fails, which stage failed first. The
 * processor itself stays unaware of metrics.
 */
export function observeRun<D extends ObservedPorts>(deps: D, observer: CaptureObserver, now: () => number = () => performance.now()): ObservedRun<D> {
  let failure: FirstFailure | undefined;
  let started = false;
  // A capture over several nodes has a capture pod and a trace per node: timed one by one.
  const podAskedAt = new Map<string, number>();
  const uploadSeconds = new Map<string, number>();
  const podKey = (job: CapturePodJob) => String(job.part?.index ?? 'pod');
  const note = (next: FirstFailure) => {
    failure ??= next;
  };
  const watched = async <R>(stage: Stage, call: () => Promise<R>): Promise<R> => {
    try {
      return await call();
    } catch (error) {
      note({ stage, error });
      throw error;
    }
  };
  const { cluster, store } = deps;

  const observedCluster = overriding<D['cluster']>(cluster, {
    findTarget: (job) => watched('target', () => cluster.findTarget(job)),
    resolveTargets: (job) => watched('target', () => cluster.resolveTargets(job)),
    startCapturePod: (job, nodeName) => {
      podAskedAt.set(podKey(job), now());
      // A capture over several nodes asks for one pod per node, but is one capture.
      if (!started) observer.started();
      started = true;
      return watched('capture', () => cluster.startCapturePod(job, nodeName));
    },
    awaitCaptureEnd: async (job, hooks) => {
      const end = await watched('capture', () => cluster.awaitCaptureEnd(job, hooks));
      const askedAt = podAskedAt.get(podKey(job));
      if (!end.ok) note({ stage: 'capture', error: new UserFacingError(end.reason), captureEnded: true });
      else if (askedAt !== undefined) observer.captured((now() - askedAt) / 1000);
      return end;
    },
    openTrace: (job): Readable => cluster.openTrace(job).once('error', (error) => note({ stage: 'upload', error })),
  });

  const observedStore = overriding<D['store']>(store, {
    put: async (key, body, metadata, signal, options) => {
      const startedAt = now();
      await watched('upload', () => store.put(key, body, metadata, signal, options));
      uploadSeconds.set(key, (now() - startedAt) / 1000);
    },
    presign: (key, fileName, ttlSeconds) => watched('upload', () => store.presign(key, fileName, ttlSeconds)),
  });

  return {
    deps: { ...deps, cluster: observedCluster, store: observedStore },
    succeeded: (artifact) => {
      // Only traces this attempt stored: a resumed job may find its link posted already.
      for (const trace of artifact.parts ?? [artifact]) {
        const seconds = uploadSeconds.get(trace.key);
        if (seconds !== undefined) observer.uploaded(trace.sizeBytes, seconds);
      }
      observer.succeeded();
    },
    failed: (signal) => {
      const reason = signal.aborted ? 'cancelled' : reasonOf(failure);
      observer.failed(reason);
      return reason;
    },
  };
}
