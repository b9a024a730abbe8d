import type { ServerResponse } from 'node:http';
import { sendStatus } from './http-io.js';
import type { KubeObject, StoreEvent, WatchEventType } from './kube-types.js';
import type { ObjectStore } from './object-store.js';
import type { RequestInfo, ResourceType } from './request-info.js';
import { compileSelectors, SelectorError } from './selectors.js';
import { badRequest, expired } from './status-body.js';

export interface WatchDeps {
  readonly store: ObjectStore;
  /** Open watch responses, so dropWatches() can cut them. */
  readonly openWatches: Set<ServerResponse>;
  /** How often a watch that allows bookmarks gets one; 0 = never. */
  readonly bookmarkIntervalMs: number;
}

/** Objects on the wire carry kind and apiVersion, also inside watch events. */
export function withTypeMeta(type: ResourceType, object: KubeObject): KubeObject {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
  return { apiVersion: type.apiVersion, kind: type.kind, ...rest };
}

/** The event a watcher with this filter sees for a change: objects moving in or out of the selection appear as ADDED / DELETED. */
function translate(event: StoreEvent, selected: (o: KubeObject) => boolean): WatchEventType | undefined {
  const now = selected(event.object);
  if (event.type !== 'MODIFIED') return now ? event.type : undefined;
  const before = event.previous ? selected(event.previous) : now;
  if (before && now) return 'MODIFIED';
  if (now) return 'ADDED';
  return before ? 'DELETED' : undefined;
}

/** GET …?watch=true: newline-delimited JSON events, replayed from resourceVersion, then live. */
export function serveWatch(res: ServerResponse, info: RequestInfo, type: ResourceType, deps: WatchDeps): void {
  let selected: (o: KubeObject) => boolean;
  try {
    const bySelectors = compileSelectors(info.query.get('labelSelector') ?? undefined, info.query.get('fieldSelector') ?? undefined, type.fieldLabels);
    selected = (o) => (info.namespace === undefined || o.metadata.namespace === info.namespace) && bySelectors(o);
  } catch (err) {
    if (err instanceof SelectorError) return sendStatus(res, badRequest(err.message));
    throw err;
  }
  const rvParam = info.query.get('resourceVersion') ?? '';
  const from = rvParam === '' || rvParam === '0' ? undefined : Number(rvParam);
  if (from !== undefined && !Number.isInteger(from)) return sendStatus(res, badRequest(`invalid resource version: ${rvParam}`));

  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const write = (eventType: string, object: unknown): void => {
    res.write(`${JSON.stringify({ type: eventType, object })}\n`);
  };

  if (from === undefined) {
    // No resourceVersion: the current state as synthetic ADDED events, then changes.
    for (const o of deps.store.list(type.resource, info.namespace)) if (selected(o)) write('ADDED', withTypeMeta(type, o));
  } else {
    const replay = deps.store.eventsSince(type.resource, from);
    if (replay === 'expired') {
      write('ERROR', expired(from, deps.store.oldestWatchable));
      res.end();
      return;
    }
    for (const e of replay) {
      const t = translate(e, selected);
      if (t) write(t, withTypeMeta(type, e.object));
    }
  }

  const unsubscribe = deps.store.subscribe((e) => {
    if (e.resource !== type.resource) return;
    const t = translate(e, selected);
    if (t) write(t, withTypeMeta(type, e.object));
  });
  const timers: NodeJS.Timeout[] = [];
  const timeoutSeconds = Number(info.query.get('timeoutSeconds') ?? '0');
  if (timeoutSeconds > 0) timers.push(setTimeout(() => res.end(), timeoutSeconds * 1000));
  if (info.query.get('allowWatchBookmarks') === 'true' && deps.bookmarkIntervalMs > 0) {
    const bookmark = (): void =>
      write('BOOKMARK', { kind: type.kind, apiVersion: type.apiVersion, metadata: { resourceVersion: String(deps.store.resourceVersion) } });
    timers.push(setInterval(bookmark, deps.bookmarkIntervalMs));
  }
  deps.openWatches.add(res);
  res.on('close', () => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    deps.openWatches.delete(res);
  });
}
