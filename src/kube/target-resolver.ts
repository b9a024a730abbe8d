import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import type { CaptureJob } from '../capture/capture-job.js';
import type { NodePods } from '../capture/capture-status.js';
import type { CaptureTarget } from '../capture/capture-target.js';
import { UserFacingError } from '../capture/user-facing-error.js';
import { withApiRetry } from './api-retry.js';
import { MANAGED_BY_LABEL } from './capture-pod.js';
import { apiFailure, httpStatus, permissionDenied } from './kube-errors.js';
import { ownedByWorkload } from './workload-owner.js';

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

/** Running, placed, and not one of capturebot's own capture pods. */
function capturable(pod: V1Pod): pod is V1Pod & { spec: { nodeName: string }; metadata: { name: string } } {
  return pod.status?.phase === 'Running' && Boolean(pod.spec?.nodeName) && Boolean(pod.metadata?.name) && pod.metadata?.labels?.[MANAGED_BY_LABEL] !== 'capturebot';
}

function byNode(pods: readonly V1Pod[], nodes: readonly string[] = []): NodePods[] {
  const grouped = new Map<string, string[]>(nodes.map((node) => [node, []]));
  for (const pod of pods.filter(capturable)) {
    const list = grouped.get(pod.spec.nodeName) ?? [];
    list.push(pod.metadata.name);
    grouped.set(pod.spec.nodeName, list);
  }
  return [...grouped]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([node, names]) => ({ node, pods: names.sort((a, b) => a.localeCompare(b)) }));
}

function nothingRuns(target: Exclude<CaptureTarget, { kind: 'node' }>, namespace: string): string {
  if (target.kind === 'selector') return `no running pod in namespace ${namespace} has the labels ${target.selector}`;
  return `${target.kind} ${target.name} in namespace ${namespace} has no running pod (or there is no such ${target.kind})`;
}

/**
 * The running pods a wide target matches, grouped by node: a workload's pods
 * by their controller's owner reference, a label selector's pods in the job's namespace,
 * and every pod on a node (the node itself counts even when it runs none).
 */
export async function resolveTargets(clients: ResolverClients, job: CaptureJob): Promise<NodePods[]> {
  const target = job.target;
  if (!target) throw new Error('resolveTargets needs a job with a target');
  if (target.kind === 'node') {
    await call({ verb: 'get', resource: 'nodes', namespace: 'the cluster', missing: `node ${target.name} not found` }, () => clients.core.readNode({ name: target.name }));
    const pods = await call({ verb: 'list', resource: 'pods', namespace: 'every namespace' }, () =>
      clients.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${target.name}` }),
    );
    return byNode(pods.items, [target.name]);
  }
  const labelSelector = target.kind === 'selector' ? target.selector : undefined;
  const listed = await call({ verb: 'list', resource: 'pods', namespace: job.namespace }, () =>
    clients.core.listNamespacedPod({ namespace: job.namespace, ...(labelSelector && { labelSelector }) }),
  );
  const members = target.kind === 'selector' ? listed.items : listed.items.filter((pod) => ownedByWorkload(pod, target.kind, target.name));
  const resolved = byNode(members);
  if (resolved.length === 0) throw new UserFacingError(nothingRuns(target, job.namespace));
  return resolved;
}
