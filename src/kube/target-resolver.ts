import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import type { ClusterPod } from '../capture/cluster-pod.js';
import { elsewhere, resolveTarget, type TargetRequest } from '../capture/resolve-target.js';
import type { TargetResolution } from '../capture/target-resolution.js';
import { UserFacingError } from '../capture/user-facing-error.js';
import { withApiRetry } from './api-retry.js';
import { clusterPodView } from './cluster-pod-view.js';
import { MANAGED_BY_LABEL } from './capture-pod.js';
import { apiFailure, httpStatus, permissionDenied } from './kube-errors.js';

export interface ResolverClients {
  readonly core: CoreV1Api;
}

async function call<T>(what: { verb: string; resource: string; namespace: string; missing?: string }, request: () => Promise<T>): Promise<T> {
  try {
    return await withApiRetry(request);
  } catch (err) {
    const status = httpStatus(err);
    if (status === 404 && what.missing) throw new UserFacingError(what.missing);
    if (status === 403) throw permissionDenied(what.verb, what.resource, what.namespace);
    throw apiFailure(`${what.verb} ${what.resource} in ${what.namespace}`, err);
  }
}

/** Pods as resolution reads them, without capturebot's own capture pods. */
function views(pods: readonly V1Pod[]): ClusterPod[] {
  return pods.filter((pod) => pod.metadata?.labels?.[MANAGED_BY_LABEL] !== 'capturebot' && pod.metadata?.name).map(clusterPodView);
}

/** The pods a request can match: the node's (every namespace), the selector's, or the namespace's. */
async function candidatePods(clients: ResolverClients, request: TargetRequest): Promise<ClusterPod[]> {
  const target = request.target;
  if (target?.kind === 'node') {
    await call({ verb: 'get', resource: 'nodes', namespace: 'the cluster', missing: `node ${target.name} not found` }, () => clients.core.readNode({ name: target.name }));
    const onNode = await call({ verb: 'list', resource: 'pods', namespace: 'every namespace' }, () =>
      clients.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${target.name}` }),
    );
    return views(onNode.items);
  }
  const labelSelector = target?.kind === 'selector' ? target.selector : undefined;
  const listed = await call({ verb: 'list', resource: 'pods', namespace: request.namespace }, () =>
    clients.core.listNamespacedPod({ namespace: request.namespace, ...(labelSelector && { labelSelector }) }),
  );
  return views(listed.items);
}

/**
 * What the request captures in this cluster (see resolveTarget). A name found
 * nowhere in its namespace is looked for in the others too, with one more list,
 * so the reply can say where it runs.
 */
export async function resolveRequest(clients: ResolverClients, request: TargetRequest): Promise<TargetResolution> {
  const resolution = resolveTarget(request, await candidatePods(clients, request));
  if (resolution.kind !== 'not-found' || resolution.looked === 'selector' || resolution.looked === 'node') return resolution;
  const everywhere = await call({ verb: 'list', resource: 'pods', namespace: 'every namespace' }, () => clients.core.listPodForAllNamespaces({}));
  return { ...resolution, elsewhere: elsewhere(resolution.name, request.namespace, views(everywhere.items)) };
}
