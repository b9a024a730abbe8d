import { setTimeout as delay } from 'node:timers/promises';
import { Watch, type CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { apiFailure, httpStatus } from './kube-errors.js';

export interface PodRef {
  readonly namespace: string;
  readonly name: string;
}

/** Decides from each sighting of the pod whether the wait is over. */
export interface PodObserver<T> {
  /** The pod as last reported (raw JSON from watches, a model from reads); undefined keeps waiting. */
  readonly onPod: (pod: unknown) => T | undefined;
  /** The pod is gone (deleted, or not there at all). */
  readonly onGone: () => T;
}

type Round<T> =
  | { readonly kind: 'verdict'; readonly value: T }
  /** The watch ended: idle timeout, server close, or the connection dropped mid-stream. */
  | { readonly kind: 'closed'; readonly resourceVersion: string | undefined; readonly events: number; readonly dropped: boolean }
  | { readonly kind: 'gone' }
  | { readonly kind: 'error'; readonly error: unknown };

// About half a minute of retries: enough to ride out an API server restart.
const MAX_CONSECUTIVE_FAILURES = 10;
const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 5_000;

function resourceVersionOf(obj: unknown): string | undefined {
  const rv = (obj as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata?.resourceVersion;
  return typeof rv === 'string' && rv !== '' ? rv : undefined;
}

function isIdleTimeout(err: unknown): boolean {
  return err instanceof Error && err.name === 'TimeoutError';
}

/** One watch request, from resourceVersion until it ends, fails, or the observer has its answer. */
function watchRound<T>(kc: KubeConfig, pod: PodRef, resourceVersion: string | undefined, observer: PodObserver<T>, signal: AbortSignal): Promise<Round<T>> {
  return new Promise((resolve) => {
    let settled = false;
    let lastVersion = resourceVersion;
    let events = 0;
    let streaming = false;
    let controller: AbortController | undefined;
    const settle = (round: Round<T>): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      controller?.abort();
      resolve(round);
    };
    const onAbort = (): void => settle({ kind: 'error', error: signal.reason });
    signal.addEventListener('abort', onAbort, { once: true });

    const path = `/api/v1/namespaces/${encodeURIComponent(pod.namespace)}/pods`;
    const query = { fieldSelector: `metadata.name=${pod.name}`, resourceVersion, allowWatchBookmarks: true };
    const onEvent = (type: string, obj: unknown): void => {
      if (settled) return;
      if (type === 'ERROR') {
        const status = obj as { code?: number; message?: string } | undefined;
        if (status?.code === 410) settle({ kind: 'gone' });
        else settle({ kind: 'error', error: new Error(`watch of pod ${pod.name} failed: ${status?.code ?? ''} ${status?.message ?? ''}`) });
        return;
      }
      lastVersion = resourceVersionOf(obj) ?? lastVersion;
      events += 1;
      if (type === 'BOOKMARK') return;
      // client-node swallows exceptions thrown from this callback: catch them here.
      try {
        const verdict = type === 'DELETED' ? observer.onGone() : observer.onPod(obj);
        if (verdict !== undefined) settle({ kind: 'verdict', value: verdict });
      } catch (error) {
        settle({ kind: 'error', error });
      }
    };
    const onDone = (err: unknown): void => {
      const status = httpStatus(err);
      if (status === 410) settle({ kind: 'gone' });
      else if (!err || isIdleTimeout(err) || (streaming && status === undefined)) {
        settle({ kind: 'closed', resourceVersion: lastVersion, events, dropped: Boolean(err) && !isIdleTimeout(err) });
      } else settle({ kind: 'error', error: err });
    };
    new Watch(kc).watch(path, query, onEvent, onDone).then(
      (c) => {
        // Resolves once the 200 response streams (unless done already ran): later errors are drops.
        controller = c;
        streaming = true;
        if (settled) c.abort();
      },
      (error: unknown) => settle({ kind: 'error', error }),
    );
  });
}

/**
 * Follows one pod until observer has a verdict: a read for the current state
 * and resourceVersion, then watches resumed from the last version seen. Watches
 * end on their own (client-node drops them after 30 s idle); 410 Gone means
 * the version is too old, so the pod is read again. Transient failures are
 * retried a few times.
 */
export async function watchPodUntil<T>(kc: KubeConfig, core: CoreV1Api, pod: PodRef, observer: PodObserver<T>, signal: AbortSignal): Promise<T> {
  let failures = 0;
  const failed = async (error: unknown): Promise<void> => {
    signal.throwIfAborted();
    failures += 1;
    if (failures >= MAX_CONSECUTIVE_FAILURES) throw apiFailure(`watch capture pod ${pod.name}`, error);
    await delay(Math.min(RETRY_BASE_MS * 2 ** (failures - 1), RETRY_MAX_MS), undefined, { signal });
  };
  for (;;) {
    signal.throwIfAborted();
    let current: unknown;
    try {
      current = await core.readNamespacedPod({ name: pod.name, namespace: pod.namespace });
    } catch (err) {
      if (httpStatus(err) === 404) return observer.onGone();
      await failed(err);
      continue;
    }
    const first = observer.onPod(current);
    if (first !== undefined) return first;
    let version = resourceVersionOf(current);
    for (;;) {
      const round = await watchRound(kc, pod, version, observer, signal);
      signal.throwIfAborted();
      if (round.kind === 'verdict') return round.value;
      if (round.kind === 'gone') break;
      if (round.kind === 'error') {
        await failed(round.error);
        break;
      }
      version = round.resourceVersion;
      // A connection that drops before delivering anything is treated as a failure, so a flapping server is not hammered.
      if (round.dropped && round.events === 0) await failed(new Error(`the watch of pod ${pod.name} was cut`));
      else failures = 0;
    }
  }
}
