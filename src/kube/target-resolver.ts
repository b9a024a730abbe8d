import type { AppsV1Api, CoreV1Api, V1LabelSelector, V1Pod } from '@kubernetes/client-node';
import type { CaptureJob } from '../capture/capture-job.js';
import type { NodePods } from '../capture/capture-status.js';
import type { CaptureTarget, WorkloadKind } from '../capture/capture-target.js';
import { UserFacingError } from '../capture/user-facing-error.js';
import { withApiRetry } from './api-retry.js';
import { MANAGED_BY_LABEL } from './capture-pod.js';
import { apiFailure, httpStatus, permissionDenied } from './kube-errors.js';
import { labelSelectorText } from './workload-selector.js';

export interface ResolverClients {
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
}

type Scoped = { readonly namespace: string };

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

async function workloadSelector(clients: ResolverClients, kind: WorkloadKind, name: string, job: Scoped): Promise<V1LabelSelector | undefined> {
  const where = { verb: 'get', resource: `${kind}s`, namespace: job.namespace, missing: `${kind} ${name} not found in namespace ${job.namespace}` };
  const args = { name, namespace: job.namespace };
  switch (kind) {
    case 'deployment':
      return (await call(where, () => clients.apps.readNamespacedDeployment(args))).spec?.selector;
    case 'statefulset':
      return (await call(where, () => clients.apps.readNamespacedStatefulSet(args))).spec?.selector;
    case 'daemonset':
      return (await call(where, () => clients.apps.readNamespacedDaemonSet(args))).spec?.selector;
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
  return `${target.kind} ${target.name} in namespace ${namespace} has no running pod`;
}

/**
 * The running pods a wide target matches, grouped by node: a workload's pods
 * through its own selector, a label selector's pods in the job's namespace,
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
  let selector: string | undefined;
  if (target.kind === 'selector') selector = target.selector;
  else {
    selector = labelSelectorText(await workloadSelector(clients, target.kind, target.name, job));
    if (!selector) throw new UserFacingError(`${target.kind} ${target.name} in namespace ${job.namespace} has no pod selector capturebot can use`);
  }
  const pods = await call({ verb: 'list', resource: 'pods', namespace: job.namespace }, () =>
    clients.core.listNamespacedPod({ namespace: job.namespace, labelSelector: selector }),
  );
  const resolved = byNode(pods.items);
  if (resolved.length === 0) throw new UserFacingError(nothingRuns(target, job.namespace));
  return resolved;
}
