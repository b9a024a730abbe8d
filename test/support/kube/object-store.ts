import { randomUUID } from 'node:crypto';
import type { KubeObject, StoreEvent, WatchEventType } from './kube-types.js';

export type StoreListener = (event: StoreEvent) => void;

export interface ObjectStoreOptions {
  /** How many change events are kept for watches that resume from a resourceVersion. */
  readonly historyLimit: number;
}

function keyOf(resource: string, namespace: string | undefined, name: string): string {
  return `${resource}/${namespace ?? ''}/${name}`;
}

/**
 * What etcd plus the watch cache give the API server: objects, one global
 * increasing resourceVersion, and a bounded history of changes to replay.
 * Objects handed out are copies; callers change them through update().
 */
export class ObjectStore {
  private readonly objects = new Map<string, { resource: string; object: KubeObject }>();
  private history: StoreEvent[] = [];
  private readonly listeners = new Set<StoreListener>();
  private revision = 0;
  /** Watches from below this revision can no longer be served. */
  private compactedThrough = 0;

  constructor(private readonly options: ObjectStoreOptions) {}

  get resourceVersion(): number {
    return this.revision;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const entry = this.objects.get(keyOf(resource, namespace, name));
    return entry ? structuredClone(entry.object) : undefined;
  }

  /** Every object of resource, in one namespace or all; sorted like the server (namespace, name). */
  list(resource: string, namespace?: string): KubeObject[] {
    const found: KubeObject[] = [];
    for (const entry of this.objects.values()) {
      if (entry.resource !== resource) continue;
      if (namespace !== undefined && entry.object.metadata.namespace !== namespace) continue;
      found.push(structuredClone(entry.object));
    }
    const sortKey = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    return found.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  }

  /** Adds object; returns undefined when the name is taken. */
  create(resource: string, object: KubeObject): KubeObject | undefined {
    const key = keyOf(resource, object.metadata.namespace, object.metadata.name);
    if (this.objects.has(key)) return undefined;
    const stored = structuredClone(object);
    stored.metadata.uid ??= randomUUID();
    stored.metadata.creationTimestamp ??= new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    return this.commit('ADDED', resource, key, stored);
  }

  /** Applies change to the stored object; returns the new object, undefined when it does not exist. */
  update(resource: string, namespace: string | undefined, name: string, change: (object: KubeObject) => void): KubeObject | undefined {
    const key = keyOf(resource, namespace, name);
    const entry = this.objects.get(key);
    if (!entry) return undefined;
    const next = structuredClone(entry.object);
    change(next);
    return this.commit('MODIFIED', resource, key, next, entry.object);
  }

  remove(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const key = keyOf(resource, namespace, name);
    const entry = this.objects.get(key);
    if (!entry) return undefined;
    return this.commit('DELETED', resource, key, structuredClone(entry.object));
  }

  /** Changes to resource after resourceVersion, or 'expired' when history no longer reaches back that far. */
  eventsSince(resource: string, resourceVersion: number): StoreEvent[] | 'expired' {
    if (resourceVersion < this.compactedThrough) return 'expired';
    return this.history.filter((e) => e.resource === resource && e.resourceVersion > resourceVersion).map((e) => structuredClone(e));
  }

  /** The oldest resourceVersion a watch can still start from. */
  get oldestWatchable(): number {
    return this.compactedThrough;
  }

  /** Forgets all history, as an etcd compaction does: older resourceVersions now get 410 Gone. */
  compact(): void {
    this.history = [];
    this.compactedThrough = this.revision;
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private commit(type: WatchEventType, resource: string, key: string, object: KubeObject, previous?: KubeObject): KubeObject {
    this.revision += 1;
    object.metadata.resourceVersion = String(this.revision);
    if (type === 'DELETED') this.objects.delete(key);
    else this.objects.set(key, { resource, object });
    const event: StoreEvent = { type, resource, resourceVersion: this.revision, object, ...(previous ? { previous } : {}) };
    this.history.push(event);
    if (this.history.length > this.options.historyLimit) {
      const dropped = this.history.shift();
      if (dropped) this.compactedThrough = dropped.resourceVersion;
    }
    for (const listener of this.listeners) listener(structuredClone(event));
    return structuredClone(object);
  }
}
