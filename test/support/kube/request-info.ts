import type { RequestRecord } from './kube-types.js';
import { nameFromFieldSelector, SelectorError } from './selectors.js';

/** A resource the stand-in serves. */
export interface ResourceType {
  readonly resource: string;
  readonly apiGroup: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** The field labels a fieldSelector may use on it; the API server answers any other with 400. */
  readonly fieldLabels: readonly string[];
}

const META = ['metadata.name', 'metadata.namespace'];
/** The API server's pod field labels (pkg/registry/core/pod, ToSelectableFields). */
const POD_FIELDS = [
  ...META,
  'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork',
  'status.phase', 'status.podIP', 'status.nominatedNodeName',
];

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { resource: 'pods', apiGroup: '', apiVersion: 'v1', kind: 'Pod', namespaced: true, fieldLabels: POD_FIELDS },
  // Services select on their name and namespace only: no spec.clusterIP, so a client filters by IP itself.
  { resource: 'services', apiGroup: '', apiVersion: 'v1', kind: 'Service', namespaced: true, fieldLabels: META },
  { resource: 'nodes', apiGroup: '', apiVersion: 'v1', kind: 'Node', namespaced: false, fieldLabels: ['metadata.name', 'spec.unschedulable'] },
  { resource: 'namespaces', apiGroup: '', apiVersion: 'v1', kind: 'Namespace', namespaced: false, fieldLabels: ['metadata.name', 'status.phase'] },
  { resource: 'deployments', apiGroup: 'apps', apiVersion: 'apps/v1', kind: 'Deployment', namespaced: true, fieldLabels: META },
  { resource: 'statefulsets', apiGroup: 'apps', apiVersion: 'apps/v1', kind: 'StatefulSet', namespaced: true, fieldLabels: META },
  { resource: 'daemonsets', apiGroup: 'apps', apiVersion: 'apps/v1', kind: 'DaemonSet', namespaced: true, fieldLabels: META },
  { resource: 'replicasets', apiGroup: 'apps', apiVersion: 'apps/v1', kind: 'ReplicaSet', namespaced: true, fieldLabels: META },
];

export function resourceTypeOfKind(kind: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => t.kind === kind);
}

/** What the API server's RequestInfoResolver makes of a request. */
export interface RequestInfo extends RequestRecord {
  readonly type: ResourceType | undefined;
  /** The name in the path; `name` may instead come from a `metadata.name` field selector. */
  readonly pathName: string | undefined;
  readonly query: URLSearchParams;
}

const VERBS: Record<string, { named: RequestRecord['verb']; collection: RequestRecord['verb'] }> = {
  GET: { named: 'get', collection: 'list' },
  POST: { named: 'create', collection: 'create' },
  PUT: { named: 'update', collection: 'update' },
  PATCH: { named: 'patch', collection: 'patch' },
  DELETE: { named: 'delete', collection: 'deletecollection' },
};

function splitPath(pathname: string): { group: string; version: string; rest: string[] } | undefined {
  const parts = pathname.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
  if (parts[0] === 'api' && parts.length >= 2) return { group: '', version: parts[1] ?? '', rest: parts.slice(2) };
  if (parts[0] === 'apis' && parts.length >= 3) return { group: parts[1] ?? '', version: parts[2] ?? '', rest: parts.slice(3) };
  return undefined;
}

/** Resolves method and URL into RBAC terms; returns undefined for paths outside /api and /apis. */
export function resolveRequest(method: string, rawUrl: string): RequestInfo | undefined {
  const url = new URL(rawUrl, 'http://stand-in');
  const split = splitPath(url.pathname);
  if (!split || split.rest.length === 0) return undefined;
  let rest = split.rest;
  let namespace: string | undefined;
  // `namespaces/NS/<resource>...`; `namespaces/NS` alone is the Namespace object itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource = '', name, subresource] = rest;
  const verbs = VERBS[method] ?? { named: 'get', collection: 'list' };
  let verb: RequestRecord['verb'] = name !== undefined ? verbs.named : verbs.collection;
  if (verb === 'list' && url.searchParams.get('watch') === 'true') verb = 'watch';
  // Exec over a websocket is a GET (authorized as `get`); SPDY's POST is a `create`.
  const upgrade = method === 'GET' && (subresource === 'exec' || subresource === 'attach' || subresource === 'portforward');
  let selectedName = name;
  if (name === undefined && (verb === 'list' || verb === 'watch')) {
    try {
      selectedName = nameFromFieldSelector(url.searchParams.get('fieldSelector') ?? undefined);
    } catch (err) {
      if (!(err instanceof SelectorError)) throw err;
    }
  }
  const type = RESOURCE_TYPES.find((t) => t.resource === resource && t.apiGroup === split.group && t.apiVersion.endsWith(split.version));
  return {
    verb,
    ...(upgrade ? { alsoAuthorized: ['create'] as const } : {}),
    apiGroup: split.group,
    resource,
    ...(subresource !== undefined ? { subresource } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(selectedName !== undefined ? { name: selectedName } : {}),
    method,
    url: `${url.pathname}${url.search}`,
    type,
    pathName: name,
    query: url.searchParams,
  };
}

/** The record kept for a request: the RBAC view without parsing helpers. */
export function toRecord(info: RequestInfo): RequestRecord {
  const { type: _type, query: _query, pathName: _pathName, ...record } = info;
  return record;
}
