import type { CaptureJob, CapturePart, CapturePodJob } from '../capture/capture-job.js';
import type { CaptureArtifact, NodePods } from '../capture/capture-status.js';
import { targetWords } from '../capture/capture-target.js';
import { UserFacingError } from '../capture/user-facing-error.js';
import { nodeFilter } from '../capture/wide-filter.js';

/** MAX_NODES_PER_CAPTURE when unset. */
export const DEFAULT_MAX_NODES_PER_CAPTURE = 5;

/** One node's share of a capture over several nodes: its own capture pod, file and filter. */
export type NodeShare = CapturePodJob & { readonly part: CapturePart };

/**
 * The share of job on one node: its filter narrowed to the node's matching
 * pods' containers. A share re-attached to a pod an earlier attempt made
 * (`resumed`) only names that pod and its file: its filter is the pod's already.
 */
export function nodeShare(job: CaptureJob, entry: NodePods, index: number, resumed = false): NodeShare {
  const { filter: _userFilter, ...rest } = job;
  const filter = resumed ? undefined : nodeFilter(job, entry);
  return { ...rest, ...(filter !== undefined && { filter }), part: { index, node: entry.node } };
}

/** The refusal when a target spans more nodes than MAX_NODES_PER_CAPTURE allows. */
export function tooManyNodes(job: CaptureJob, resolved: readonly NodePods[], max: number): UserFacingError {
  const what = job.target ? targetWords(job.target) : job.pod;
  const pods = resolved.reduce((sum, entry) => sum + entry.pods.length, 0);
  const nodes = resolved.map((entry) => entry.node);
  const shown = nodes.length > 8 ? `${nodes.slice(0, 8).join(', ')}, …` : nodes.join(', ');
  return new UserFacingError(
    `${what} runs ${pods} pod${pods === 1 ? '' : 's'} on ${nodes.length} nodes (${shown}), more nodes than one capture may span ` +
      `(MAX_NODES_PER_CAPTURE is ${max}): nothing was started. Narrow it with \`-l\` or capture single pods.`,
  );
}

/** The capture's artifact: the first node's, with the total size, every node named, and all parts. */
export function mergedArtifact(parts: readonly CaptureArtifact[]): CaptureArtifact {
  const first = parts[0];
  if (!first) throw new Error('a capture over several nodes delivered no trace');
  return {
    ...first,
    sizeBytes: parts.reduce((sum, part) => sum + part.sizeBytes, 0),
    node: parts.map((part) => part.node).join(', '),
    parts,
  };
}
