import type { CaptureJob } from './capture-job.js';
import { scopedFilter } from './container-scope.js';
import type { NodePods } from './target-resolution.js';

/**
 * The sysdig filter of one node's capture pod: the node's matching pods'
 * containers (by `container.id`, which sysdig reads from cgroups with any
 * driver), and the user's filter, if any, as `(scope) and (filter)`. A node
 * capture records the whole node: only the user's filter applies.
 */
export function nodeFilter(job: Pick<CaptureJob, 'filter' | 'target'>, entry: Pick<NodePods, 'node' | 'containerIds'>): string | undefined {
  if (job.target?.kind === 'node') return job.filter;
  const ids = entry.containerIds ?? [];
  if (ids.length === 0) throw new Error(`no container to scope the capture on node ${entry.node} to`);
  return scopedFilter(ids, job.filter);
}
