import type { Workload } from './capture-target.js';

/** One container of a pod, as its status reports it. */
export interface PodContainer {
  readonly name: string;
  /** sysdig's `container.id`: the first 12 hex digits of the runtime's id; absent until the container was created. */
  readonly id?: string;
  readonly running: boolean;
  readonly restartCount: number;
}

/**
 * A pod as target resolution sees it: the Kubernetes API's pod, reduced to
 * what names, places and scopes a capture. Built by the cluster adapter.
 */
export interface ClusterPod {
  readonly name: string;
  readonly namespace: string;
  /** The node it is placed on; absent while unscheduled. */
  readonly node?: string;
  readonly phase: string;
  /** What `kubectl get pods` shows as STATUS: `Running`, `Pending`, `CrashLoopBackOff`, `ImagePullBackOff`, `Completed`… */
  readonly status: string;
  readonly podIP?: string;
  /** The controller that owns it directly (a ReplicaSet, StatefulSet, DaemonSet or Job). */
  readonly owner?: Workload;
  /** The workload people name it by: the Deployment of a ReplicaSet named `<deployment>-<pod-template-hash>`, else the owner. */
  readonly workload?: Workload;
  /** App containers and restartable init containers (sidecars). */
  readonly containers: readonly PodContainer[];
}

/** Running and placed: only such a pod can be captured. */
export function isCapturable(pod: ClusterPod): pod is ClusterPod & { readonly node: string } {
  return pod.phase === 'Running' && pod.node !== undefined;
}

/** Whether the workload names the pod: its own controller, or the Deployment above its ReplicaSet. */
export function belongsTo(pod: ClusterPod, workload: Workload): boolean {
  const same = (other: Workload | undefined) => other?.kind === workload.kind && other.name === workload.name;
  return same(pod.owner) || same(pod.workload);
}

export function sameWorkload(a: Workload | undefined, b: Workload | undefined): boolean {
  return a !== undefined && b !== undefined && a.kind === b.kind && a.name === b.name;
}
