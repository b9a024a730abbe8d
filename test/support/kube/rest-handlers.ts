import type { ServerResponse } from 'node:http';
import { sendJson, sendStatus } from './http-io.js';
import type { KubeObject, WirePod } from './kube-types.js';
import type { ObjectStore } from './object-store.js';
import { applyPodDefaults, generatedSuffix } from './pod-defaults.js';
import { kubeTime } from './pod-status.js';
import type { RequestInfo, ResourceType } from './request-info.js';
import { compileSelectors, SelectorError } from './selectors.js';
import { alreadyExists, badRequest, invalid, methodNotAllowed, notFound, unknownPath } from './status-body.js';
import { serveWatch, withTypeMeta } from './watch-handler.js';
import type { WatchDeps } from './watch-handler.js';

export interface RestDeps extends WatchDeps {
  /** A pod was created through the API: the kubelet takes it from here. */
  readonly onPodCreated: (pod: WirePod) => void;
}

function subjectOf(info: RequestInfo, type: ResourceType, name?: string) {
  return { resource: type.resource, apiGroup: type.apiGroup, namespace: info.namespace, name: name ?? info.pathName };
}

function serveList(res: ServerResponse, info: RequestInfo, type: ResourceType, store: ObjectStore): void {
  let selected: (o: KubeObject) => boolean;
  try {
    selected = compileSelectors(info.query.get('labelSelector') ?? undefined, info.query.get('fieldSelector') ?? undefined, type.fieldLabels);
  } catch (err) {
    if (err instanceof SelectorError) return sendStatus(res, badRequest(err.message));
    throw err;
  }
  // List items carry no kind/apiVersion of their own; the list does.
  const items = store.list(type.resource, info.namespace).filter(selected);
  const page = pageOf(items, info.query);
  if (typeof page === 'string') return sendStatus(res, badRequest(page));
  const metadata = { resourceVersion: String(store.resourceVersion), ...(page.next !== undefined ? { continue: page.next } : {}) };
  sendJson(res, 200, { kind: `${type.kind}List`, apiVersion: type.apiVersion, metadata, items: page.items });
}

/**
 * `limit` and `continue` as the API server pages a list: at most limit items,
 * and a continue token for the rest (opaque to clients; here the offset).
 */
function pageOf(items: KubeObject[], query: URLSearchParams): { items: KubeObject[]; next?: string } | string {
  const limit = Number(query.get('limit') ?? '0');
  const token = query.get('continue');
  const offset = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) return 'continue key is not valid';
  if (!Number.isInteger(limit) || limit <= 0) return { items: items.slice(offset) };
  const end = offset + limit;
  return { items: items.slice(offset, end), ...(end < items.length ? { next: Buffer.from(String(end)).toString('base64url') } : {}) };
}

function serveCreate(body: string, res: ServerResponse, info: RequestInfo, type: ResourceType, deps: RestDeps): void {
  let object: KubeObject;
  try {
    object = JSON.parse(body) as KubeObject;
  } catch {
    return sendStatus(res, badRequest('the body of the request was in an unknown format'));
  }
  object.metadata ??= { name: '' };
  if (!object.metadata.name && object.metadata.generateName) object.metadata.name = `${object.metadata.generateName}${generatedSuffix()}`;
  if (!object.metadata.name) return sendStatus(res, invalid(type.kind, '', 'metadata.name', 'Required value: name or generateName is required'));
  if (type.namespaced) {
    if (object.metadata.namespace !== undefined && object.metadata.namespace !== info.namespace) {
      return sendStatus(res, badRequest('the namespace of the provided object does not match the namespace sent on the request'));
    }
    object.metadata.namespace = info.namespace;
  }
  const typed = withTypeMeta(type, object);
  if (type.resource === 'pods') applyPodDefaults(typed as WirePod);
  const created = deps.store.create(type.resource, typed);
  if (!created) return sendStatus(res, alreadyExists(subjectOf(info, type, object.metadata.name)));
  sendJson(res, 201, withTypeMeta(type, created));
  if (type.resource === 'pods') deps.onPodCreated(created as WirePod);
}

function gracePeriodOf(body: string, info: RequestInfo): number | undefined {
  const fromQuery = info.query.get('gracePeriodSeconds');
  if (fromQuery !== null) return Number(fromQuery);
  if (body.trim() === '') return undefined;
  try {
    const options = JSON.parse(body) as { gracePeriodSeconds?: number };
    return options.gracePeriodSeconds;
  } catch {
    return undefined;
  }
}

/**
 * A running pod is deleted gracefully: first a MODIFIED with deletionTimestamp, then (the kubelet having
 * killed its containers at once) the DELETED. Unscheduled or finished pods, and grace 0, go at once.
 */
function serveDelete(body: string, res: ServerResponse, info: RequestInfo, type: ResourceType, store: ObjectStore): void {
  const name = info.pathName ?? '';
  const grace = gracePeriodOf(body, info);
  const current = store.get(type.resource, info.namespace, name);
  if (!current) return sendStatus(res, notFound(subjectOf(info, type)));
  const pod = current as WirePod;
  const phase = pod.status?.phase;
  const graceful = type.resource === 'pods' && grace !== 0 && pod.spec?.nodeName !== undefined && phase !== 'Succeeded' && phase !== 'Failed';
  if (graceful) {
    const seconds = grace ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    store.update(type.resource, info.namespace, name, (o) => {
      o.metadata.deletionTimestamp = kubeTime(new Date(Date.now() + seconds * 1000));
      o.metadata.deletionGracePeriodSeconds = seconds;
    });
  }
  const removed = store.remove(type.resource, info.namespace, name) as KubeObject;
  sendJson(res, 200, withTypeMeta(type, removed));
}

/** Plain REST on a resource the stand-in serves (get, list, watch, create, delete). */
export function serveRest(method: string, body: string, res: ServerResponse, info: RequestInfo, deps: RestDeps): void {
  const type = info.type;
  if (!type || info.subresource !== undefined || (type.namespaced && info.pathName !== undefined && info.namespace === undefined)) {
    return sendStatus(res, unknownPath());
  }
  const named = info.pathName !== undefined;
  switch (`${method} ${named ? 'named' : 'collection'}`) {
    case 'GET named': {
      const object = deps.store.get(type.resource, info.namespace, info.pathName ?? '');
      return object ? sendJson(res, 200, withTypeMeta(type, object)) : sendStatus(res, notFound(subjectOf(info, type)));
    }
    case 'GET collection':
      return info.verb === 'watch' ? serveWatch(res, info, type, deps) : serveList(res, info, type, deps.store);
    case 'POST collection':
      return serveCreate(body, res, info, type, deps);
    case 'DELETE named':
      return serveDelete(body, res, info, type, deps.store);
    default:
      return sendStatus(res, methodNotAllowed());
  }
}
