import type { CaptureJob } from '../capture/capture-job.js';
import { clusterOf, DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import type { NodePods } from '../capture/capture-status.js';
import { code } from './mrkdwn.js';

/**
 * ` in cluster `prod-eu``: where a capture runs, for any cluster but the
 * default one (a one-cluster install's messages stay as they were).
 */
export function clusterSuffix(job: { readonly cluster?: string | undefined }): string {
  return clusterOf(job) === DEFAULT_CLUSTER ? '' : ` in cluster ${code(clusterOf(job))}`;
}

/**
 * What a capture records, in words: pod `web-1` in namespace `shop`,
 * deployment `web` in namespace `shop`, every pod on node `node-a`; then the
 * cluster, unless it is the default one.
 */
export function targetText(job: Pick<CaptureJob, 'pod' | 'namespace' | 'target' | 'container' | 'cluster'>): string {
  return `${targetWords(job)}${clusterSuffix(job)}`;
}

function targetWords(job: Pick<CaptureJob, 'pod' | 'namespace' | 'target' | 'container'>): string {
  const target = job.target;
  const container = job.container === undefined ? '' : ` (container ${code(job.container)} only)`;
  const inNamespace = `in namespace ${code(job.namespace)}${container}`;
  if (!target) return `pod ${code(job.pod)} ${inNamespace}`;
  switch (target.kind) {
    case 'selector':
      return `the pods labelled ${code(target.selector)} ${inNamespace}`;
    case 'node':
      return `every pod on node ${code(target.name)}`;
    case 'prefix':
      return `the pods of ${target.workload.kind} ${code(target.workload.name)} named ${code(`${target.prefix}…`)} ${inNamespace}`;
    default:
      return `${target.kind} ${code(target.name)} ${inNamespace}`;
  }
}

/**
 * `Resolved to 3 pods on 2 nodes: `node-a`: `web-1`, `web-2` · `node-b`: `web-3``;
 * a node capture: `Whole node `node-a`: every pod on it (12 pods now)`.
 */
export function resolvedText(resolved: readonly NodePods[], wholeNode = false): string {
  const pods = resolved.reduce((sum, entry) => sum + entry.pods.length, 0);
  if (wholeNode) {
    return `:dart: Whole node ${resolved.map((entry) => code(entry.node)).join(', ')}: every pod on it, whatever its namespace (${pods} pod${pods === 1 ? '' : 's'} now), and the node's own processes`;
  }
  const nodes = resolved.map((entry) => `${code(entry.node)}: ${entry.pods.map(code).join(', ') || 'no pod'}`);
  return `:dart: Resolved to ${pods} pod${pods === 1 ? '' : 's'} on ${resolved.length} node${resolved.length === 1 ? '' : 's'}: ${nodes.join(' · ')}`;
}

/** `node `node-a`` or, for a capture over several nodes, `nodes `node-a`, `node-b``. */
export function nodesText(status: { readonly node: string; readonly resolved?: readonly NodePods[] }): string {
  const resolved = status.resolved;
  if (!resolved || resolved.length === 1) return `node ${code(resolved?.[0]?.node ?? status.node)}`;
  return `nodes ${resolved.map((entry) => code(entry.node)).join(', ')}`;
}
