import type { CaptureJob } from './capture-job.js';

/**
 * The sysdig filter of one node's capture pod: the node's matching pods (by
 * namespace and pod name, which sysdig reads from the container runtime),
 * and the user's filter, if any, joined by `and`. A node capture records the
 * whole node: only the user's filter applies.
 */
export function nodeFilter(job: Pick<CaptureJob, 'namespace' | 'filter' | 'target'>, pods: readonly string[]): string | undefined {
  if (job.target?.kind === 'node') return job.filter;
  const names = pods.map((pod) => `"${pod}"`).join(', ');
  const mine = `k8s.ns.name="${job.namespace}" and k8s.pod.name in (${names})`;
  return job.filter === undefined ? mine : `(${mine}) and (${job.filter})`;
}
