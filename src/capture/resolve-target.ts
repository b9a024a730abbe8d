import { targetSubject, workloadWords, type CaptureTarget, type Workload } from './capture-target.js';
import { belongsTo, isCapturable, sameWorkload, type ClusterPod } from './cluster-pod.js';
import { runningContainerIds } from './container-scope.js';
import { closestNames } from './name-suggestions.js';
import type { NameSuggestion, NodePods, ResolutionNote, TargetResolution } from './target-resolution.js';

/** What a command names, once parsed: a NAME (bare or `pod/NAME`) or a wider target, in a namespace. */
export interface TargetRequest {
  readonly namespace: string;
  /** The typed NAME; for a wider target, its subject. */
  readonly pod: string;
  readonly target?: CaptureTarget;
  /** Typed as `pod/NAME`: only a pod of that name will do. */
  readonly exactPod?: boolean;
  /** `-c CONTAINER`: only this container of each pod. */
  readonly container?: string;
}

const key = (workload: Workload): string => `${workload.kind}/${workload.name}`;

/** The workloads the pods belong to, each with its pods (direct owners and the Deployments above them alike). */
function workloadsOf(pods: readonly ClusterPod[]): Map<string, { workload: Workload; pods: ClusterPod[] }> {
  const found = new Map<string, { workload: Workload; pods: ClusterPod[] }>();
  for (const pod of pods) {
    for (const workload of [pod.workload, pod.owner]) {
      if (!workload) continue;
      const entry = found.get(key(workload)) ?? { workload, pods: [] };
      if (!entry.pods.includes(pod)) entry.pods.push(pod);
      found.set(key(workload), entry);
    }
  }
  return found;
}

/** Pods and workloads of the namespace, for "did you mean". */
export function suggestionsFor(typed: string, pods: readonly ClusterPod[]): NameSuggestion[] {
  const workloads = [...workloadsOf(pods).values()]
    // A Deployment's ReplicaSets are named after it: offering both is noise.
    .filter(({ workload, pods: owned }) => workload.kind !== 'replicaset' || !owned.every((pod) => pod.workload?.kind === 'deployment'))
    .map(({ workload, pods: owned }) => ({ kind: workload.kind, name: workload.name, pods: owned.filter(isCapturable).length }));
  const single = pods.map((pod) => ({ kind: 'pod' as const, name: pod.name, pods: 1, status: pod.status }));
  const byName = new Map<string, NameSuggestion>();
  // Workloads first: when a pod and a workload are equally close, the workload is what people mean.
  for (const candidate of [...workloads, ...single]) if (!byName.has(`${candidate.kind}:${candidate.name}`)) byName.set(`${candidate.kind}:${candidate.name}`, candidate);
  return closestNames(typed, [...byName.values()]);
}

/** Running pods grouped by node, nodes and pods sorted, with the scope's container ids. */
export function nodePods(pods: readonly ClusterPod[], container: string | undefined, wholeNode = false): NodePods[] {
  const byNode = new Map<string, ClusterPod[]>();
  for (const pod of pods.filter(isCapturable)) byNode.set(pod.node, [...(byNode.get(pod.node) ?? []), pod]);
  return [...byNode]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([node, onNode]) => ({
      node,
      pods: onNode.map((pod) => pod.name).sort((a, b) => a.localeCompare(b)),
      containerIds: wholeNode ? [] : runningContainerIds(onNode, container),
    }));
}

function statuses(pods: readonly ClusterPod[]): { name: string; status: string }[] {
  return pods.map((pod) => ({ name: pod.name, status: pod.status })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The matched pods, checked to run and (with `-c`) to have the container, as a resolution. */
function captured(request: TargetRequest, matched: readonly ClusterPod[], what: { kind: NameSuggestion['kind']; name: string }, target: CaptureTarget | undefined, notes: ResolutionNote[]): TargetResolution {
  const running = matched.filter(isCapturable);
  if (running.length === 0) return { kind: 'not-running', what, pods: statuses(matched) };
  const container = request.container;
  if (container !== undefined && runningContainerIds(running, container).length === 0) {
    return { kind: 'no-container', container, pods: running.map((pod) => ({ name: pod.name, containers: pod.containers.map((c) => c.name) })) };
  }
  const nodes = nodePods(running, container);
  const unscoped = nodes.find((entry) => entry.containerIds?.length === 0);
  if (unscoped) return { kind: 'not-running', what, pods: statuses(matched.filter((pod) => pod.node === unscoped.node)) };
  return { kind: 'resolved', pod: target ? targetSubject(target) : what.name, ...(target && { target }), nodes, notes };
}

function notFound(request: TargetRequest, looked: Extract<TargetResolution, { kind: 'not-found' }>['looked'], pods: readonly ClusterPod[]): TargetResolution {
  const name = request.target && 'name' in request.target ? request.target.name : request.pod;
  return { kind: 'not-found', name, looked, suggestions: suggestionsFor(name, pods), elsewhere: [] };
}

/**
 * A bare NAME, as a person means it, over the namespace's pods: a pod named
 * NAME; else the workload named NAME (from the pods' controller owners); else
 * the running pods whose names start with NAME, when they are one workload's.
 */
function resolveName(request: TargetRequest, pods: readonly ClusterPod[]): TargetResolution {
  const name = request.pod;
  const exact = pods.find((pod) => pod.name === name);
  const named = [...workloadsOf(pods).values()].filter(({ workload }) => workload.name === name);
  if (exact) {
    const notes: ResolutionNote[] = named.length > 0 ? [{ kind: 'pod-over-workload', name, workloads: named.map((entry) => entry.workload) }] : [];
    return captured(request, [exact], { kind: 'pod', name }, undefined, notes);
  }
  if (named.length > 1) {
    return { kind: 'ambiguous', name, candidates: named.map(({ workload, pods: owned }) => ({ kind: workload.kind, name: workload.name, pods: owned.filter(isCapturable).length })) };
  }
  const [only] = named;
  if (only) return captured(request, only.pods, only.workload, only.workload, [{ kind: 'workload', name, workload: only.workload }]);

  const starting = pods.filter((pod) => pod.name.startsWith(name));
  const running = starting.filter(isCapturable);
  if (running.length === 0) {
    if (starting.length > 0) return { kind: 'not-running', what: { kind: 'pod', name: `${name}…` }, pods: statuses(starting) };
    return notFound(request, 'name', pods);
  }
  if (running.length === 1 && running[0]) {
    const pod = running[0];
    return captured(request, [pod], { kind: 'pod', name: pod.name }, undefined, [{ kind: 'prefix', name, pods: 1, ...(pod.workload && { workload: pod.workload }) }]);
  }
  const workload = running[0]?.workload;
  if (workload && running.every((pod) => sameWorkload(pod.workload, workload))) {
    return captured(request, running, workload, { kind: 'prefix', prefix: name, workload }, [{ kind: 'prefix', name, workload, pods: running.length }]);
  }
  const candidates = new Map<string, NameSuggestion>();
  for (const pod of running) {
    const entry: NameSuggestion = pod.workload ? { kind: pod.workload.kind, name: pod.workload.name, pods: 0 } : { kind: 'pod', name: pod.name, pods: 1, status: pod.status };
    const id = `${entry.kind}:${entry.name}`;
    const seen = candidates.get(id) ?? entry;
    candidates.set(id, pod.workload ? { ...seen, pods: seen.pods + 1 } : seen);
  }
  return { kind: 'ambiguous', name, candidates: [...candidates.values()] };
}

/**
 * What a request captures, given the pods it can see: the namespace's pods
 * (for a name or a workload), the selector's matches, or the node's pods.
 * Capturebot's own capture pods are never among them (the adapter leaves them out).
 */
export function resolveTarget(request: TargetRequest, pods: readonly ClusterPod[]): TargetResolution {
  const target = request.target;
  if (!target) {
    if (!request.exactPod) return resolveName(request, pods);
    const exact = pods.filter((pod) => pod.name === request.pod);
    return exact.length === 0 ? notFound(request, 'pod', pods) : captured(request, exact, { kind: 'pod', name: request.pod }, undefined, []);
  }
  switch (target.kind) {
    case 'node': {
      const nodes = nodePods(pods, undefined, true);
      return { kind: 'resolved', pod: targetSubject(target), target, nodes: nodes.length > 0 ? nodes : [{ node: target.name, pods: [], containerIds: [] }], notes: [] };
    }
    case 'selector':
      return pods.length === 0 ? notFound(request, 'selector', []) : captured(request, pods, { kind: 'pod', name: `-l ${target.selector}` }, target, []);
    case 'prefix': {
      const matched = pods.filter((pod) => pod.name.startsWith(target.prefix) && belongsTo(pod, target.workload));
      return matched.length === 0 ? notFound({ ...request, pod: target.prefix }, 'name', pods) : captured(request, matched, target.workload, target, []);
    }
    default: {
      const matched = pods.filter((pod) => belongsTo(pod, target));
      return matched.length === 0 ? notFound(request, target.kind, pods) : captured(request, matched, target, target, []);
    }
  }
}

/** `deploy/web`, or the pod's own name: how a reply names a candidate so it can be typed. */
export function candidateWords(candidate: { readonly kind: NameSuggestion['kind']; readonly name: string }): string {
  const { kind, name } = candidate;
  return kind === 'pod' ? name : workloadWords({ kind, name });
}

/**
 * Other namespaces where NAME names a pod or a workload (or starts pod names),
 * for a name not found where it was looked for.
 */
export function elsewhere(name: string, namespace: string, allPods: readonly ClusterPod[]): { namespace: string; kind: NameSuggestion['kind']; name: string }[] {
  const byNamespace = new Map<string, ClusterPod[]>();
  for (const pod of allPods) if (pod.namespace !== namespace) byNamespace.set(pod.namespace, [...(byNamespace.get(pod.namespace) ?? []), pod]);
  return [...byNamespace]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([other, pods]) => {
      const found = resolveName({ namespace: other, pod: name }, pods);
      if (found.kind === 'not-found' || found.kind === 'ambiguous') return [];
      const workload = [...workloadsOf(pods).values()].find((entry) => entry.workload.name === name)?.workload;
      return [{ namespace: other, kind: workload?.kind ?? ('pod' as const), name }];
    })
    .slice(0, 3);
}
