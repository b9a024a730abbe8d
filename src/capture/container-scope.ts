import type { ClusterPod } from './cluster-pod.js';

/** Runtime prefixes of `status.containerStatuses[].containerID`: `containerd://`, `cri-o://`, `docker://`. */
const RUNTIME_PREFIX = /^[a-z][a-z0-9+.-]*:\/\//;

/**
 * sysdig's `container.id` for a container status's `containerID`: the id
 * without its runtime prefix, first 12 characters (sysdig reads it from the
 * process's cgroup, so it needs neither a CRI socket nor k8s metadata).
 * Undefined when the status has no usable id.
 */
export function shortContainerId(containerID: string | undefined): string | undefined {
  if (!containerID) return undefined;
  const id = containerID.replace(RUNTIME_PREFIX, '').toLowerCase();
  return /^[0-9a-f]{12,}$/.test(id) ? id.slice(0, 12) : undefined;
}

/** The ids of the pods' running containers (only `container`, when named), sorted, without repeats. */
export function runningContainerIds(pods: readonly ClusterPod[], container?: string): string[] {
  const ids = pods.flatMap((pod) =>
    pod.containers.filter((c) => c.running && c.id !== undefined && (container === undefined || c.name === container)).map((c) => c.id as string),
  );
  return [...new Set(ids)].sort();
}

/** `container.id in (5255305a76e4, b3aebba43b70)` */
export function containerScope(ids: readonly string[]): string {
  if (ids.length === 0) throw new Error('a container scope needs at least one container id');
  return `container.id in (${ids.join(', ')})`;
}

/**
 * The filter a capture pod's sysdig runs: the scope, and the user's filter
 * (already checked to be balanced, so it cannot close the scope's group)
 * joined as `(scope) and (filter)`.
 */
export function scopedFilter(ids: readonly string[], userFilter: string | undefined): string {
  const scope = containerScope(ids);
  return userFilter === undefined ? scope : `(${scope}) and (${userFilter})`;
}
