import type { Readable } from 'node:stream';
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
  readonly cluster: Pick<CaptureCluster, 'findTarget' | 'startCapturePod' | 'awaitCaptureEnd' | 'openTrace'>;
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
 * Wraps one job's ports so the observer learns how long the capture and the
 * upload took and, when the job fails, which stage failed first. The
 * processor itself stays unaware of metrics.
 */
export function observeRun<D extends ObservedPorts>(deps: D, observer: CaptureObserver, now: () => number = () => performance.now()): ObservedRun<D> {
  let failure: FirstFailure | undefined;
  let podAskedAt: number | undefined;
  let uploadSeconds = 0;
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
    startCapturePod: (job, nodeName) => {
      // A capture over several nodes asks for one pod per node, but is one capture.
      if (podAskedAt === undefined) {
        podAskedAt = now();
        observer.started();
      }
      return watched('capture', () => cluster.startCapturePod(job, nodeName));
    },
    awaitCaptureEnd: async (job, hooks) => {
      const end = await watched('capture', () => cluster.awaitCaptureEnd(job, hooks));
      if (!end.ok) note({ stage: 'capture', error: new UserFacingError(end.reason), captureEnded: true });
      else if (podAskedAt !== undefined) observer.captured((now() - podAskedAt) / 1000);
      return end;
    },
    openTrace: (job): Readable => cluster.openTrace(job).once('error', (error) => note({ stage: 'upload', error })),
  });

  const observedStore = overriding<D['store']>(store, {
    put: async (key, body, metadata, signal) => {
      const startedAt = now();
      await watched('upload', () => store.put(key, body, metadata, signal));
      uploadSeconds = (now() - startedAt) / 1000;
    },
    presign: (key, fileName, ttlSeconds) => watched('upload', () => store.presign(key, fileName, ttlSeconds)),
  });

  return {
    deps: { ...deps, cluster: observedCluster, store: observedStore },
    succeeded: (artifact) => {
      observer.uploaded(artifact.sizeBytes, uploadSeconds);
      observer.succeeded();
    },
    failed: (signal) => {
      const reason = signal.aborted ? 'cancelled' : reasonOf(failure);
      observer.failed(reason);
      return reason;
    },
  };
}
