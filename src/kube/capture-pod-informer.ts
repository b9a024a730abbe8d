import { setTimeout as delay } from 'node:timers/promises';
import type { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { apiFailure, httpStatus } from './kube-errors.js';
import { watchRound } from './watch-round.js';

/** Decides from each sighting of the pod whether the wait is over. */
export interface PodObserver<T> {
  /** The pod as last reported (raw JSON from watches, a model from reads); undefined keeps waiting. */
  readonly onPod: (pod: unknown) => T | undefined;
  /** The pod is gone (deleted, or not there at all). */
  readonly onGone: () => T;
}

interface Waiter {
  readonly name: string;
  /** Hands the pod (or undefined: gone) to the observer; true once the wait is over. */
  readonly see: (pod: unknown) => boolean;
  readonly fail: (error: unknown) => void;
}

// About half a minute of retries: enough to ride out an API server restart.
const MAX_CONSECUTIVE_FAILURES = 10;
const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 5_000;

const nameOf = (pod: unknown): string | undefined => (pod as { metadata?: { name?: string } } | undefined)?.metadata?.name;
const versionOf = (pod: unknown): string | undefined => (pod as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;

/** The latest the shared watch saw of one pod: the object, or that it was deleted (at that version). */
type Sighting = { readonly pod: unknown; readonly version: string | undefined } | { readonly pod: undefined; readonly version: string | undefined };

/** Whether version a is later than b; resourceVersions are opaque, but etcd's are integers, and only those are compared. */
function later(a: string | undefined, b: string | undefined): boolean | undefined {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return undefined;
  return BigInt(a) > BigInt(b);
}

/**
 * One list and watch of the capture namespace's capture pods, shared by every capture waiting for
 * its pod, instead of one watch per capture. It runs while anyone waits: watches that end (client-
 * node drops them after 30 s idle, servers close them) resume from the last resourceVersion seen,
 * and 410 Gone (that version compacted away) lists again. Transient failures are retried a few
 * times; then every waiter fails.
 */
export class CapturePodInformer {
  readonly #waiters = new Set<Waiter>();
  /** What the running watch last saw of each capture pod, for a waiter that joins after an event it needs. */
  #seen = new Map<string, Sighting>();
  #running: AbortController | undefined;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly core: CoreV1Api,
    private readonly namespace: string,
    private readonly labelSelector: string,
  ) {}

  /**
   * Follows pod name until observer has a verdict. The first sighting is a read of the pod itself
   * (404: gone), so a pod the shared watch has not reported yet is not taken for gone.
   */
  async waitFor<T>(name: string, observer: PodObserver<T>, signal: AbortSignal): Promise<T> {
    signal.throwIfAborted();
    let current: unknown;
    for (let failures = 0; ; ) {
      try {
        current = await this.core.readNamespacedPod({ name, namespace: this.namespace });
        break;
      } catch (err) {
        if (httpStatus(err) === 404) return observer.onGone();
        failures += 1;
        if (failures >= MAX_CONSECUTIVE_FAILURES) throw apiFailure(`watch capture pod ${name}`, err);
        await delay(backoffMs(failures), undefined, { signal });
      }
    }
    const first = observer.onPod(current);
    if (first !== undefined) return first;
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        name,
        see: (pod) => {
          let verdict: T | undefined;
          try {
            verdict = pod === undefined ? observer.onGone() : observer.onPod(pod);
          } catch (error) {
            waiter.fail(error);
            return true;
          }
          if (verdict === undefined) return false;
          done();
          resolve(verdict);
          return true;
        },
        fail: (error) => {
          done();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      };
      const onAbort = (): void => waiter.fail(signal.reason);
      const done = (): void => {
        signal.removeEventListener('abort', onAbort);
        this.#waiters.delete(waiter);
        if (this.#waiters.size === 0) this.#stop();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
      // The shared watch may have reported this pod between the read and now: an end or a deletion
      // it saw then would not come again. A deletion counts only if it is known to be later than
      // the read (a retried job's pod may reuse the name of one deleted before).
      const sighting = this.#running ? this.#seen.get(name) : undefined;
      if (sighting && (sighting.pod !== undefined || later(sighting.version, versionOf(current)) === true)) {
        if (waiter.see(sighting.pod)) return;
      }
      this.#start();
    });
  }

  #start(): void {
    if (this.#running) return;
    const running = new AbortController();
    this.#running = running;
    void this.#run(running.signal).catch((error: unknown) => {
      if (running.signal.aborted) return;
      for (const waiter of [...this.#waiters]) waiter.fail(error);
    });
  }

  #stop(): void {
    this.#running?.abort();
    this.#running = undefined;
    this.#seen = new Map();
  }

  #deliver(name: string | undefined, pod: unknown, version: string | undefined): void {
    if (name === undefined) return;
    this.#seen.set(name, { pod, version });
    for (const waiter of [...this.#waiters]) if (waiter.name === name) waiter.see(pod);
  }

  async #run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    const failed = async (error: unknown): Promise<void> => {
      signal.throwIfAborted();
      failures += 1;
      if (failures >= MAX_CONSECUTIVE_FAILURES) throw apiFailure(`watch capture pods in ${this.namespace}`, error);
      await delay(backoffMs(failures), undefined, { signal });
    };
    const path = `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/pods`;
    for (;;) {
      signal.throwIfAborted();
      let version: string | undefined;
      try {
        const list = await this.core.listNamespacedPod({ namespace: this.namespace, labelSelector: this.labelSelector });
        signal.throwIfAborted();
        version = list.metadata?.resourceVersion;
        const listed = new Map(list.items.map((pod) => [pod.metadata?.name, pod]));
        this.#seen = new Map(list.items.flatMap((pod) => (pod.metadata?.name ? [[pod.metadata.name, { pod, version: pod.metadata.resourceVersion }] as const] : [])));
        // A waiter's pod existed when it began to wait: missing from the list, it was deleted meanwhile.
        for (const waiter of [...this.#waiters]) waiter.see(listed.get(waiter.name));
      } catch (err) {
        await failed(err);
        continue;
      }
      for (;;) {
        const round = await watchRound(
          this.kubeConfig,
          path,
          { labelSelector: this.labelSelector, resourceVersion: version, allowWatchBookmarks: true },
          (type, obj) => this.#deliver(nameOf(obj), type === 'DELETED' ? undefined : obj, versionOf(obj)),
          signal,
        );
        signal.throwIfAborted();
        if (round.kind === 'gone') break;
        if (round.kind === 'error') {
          await failed(round.error);
          break;
        }
        version = round.resourceVersion;
        // A connection that drops before delivering anything is treated as a failure, so a flapping server is not hammered.
        if (round.dropped && round.events === 0) await failed(new Error(`the watch of capture pods in ${this.namespace} was cut`));
        else failures = 0;
      }
    }
  }
}

function backoffMs(failures: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** (failures - 1), RETRY_MAX_MS);
}
