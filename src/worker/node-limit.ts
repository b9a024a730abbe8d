import { targetWords } from '../capture/capture-target.js';
import type { TargetResolution } from '../capture/target-resolution.js';

/** A resolution over more nodes than MAX_NODES_PER_CAPTURE becomes a refusal before anyone approves it. */
export function withinNodeLimit(resolution: TargetResolution, max: number): TargetResolution {
  if (resolution.kind !== 'resolved' || resolution.nodes.length <= max) return resolution;
  return {
    kind: 'too-many-nodes',
    what: resolution.target ? targetWords(resolution.target) : resolution.pod,
    nodes: resolution.nodes.map((entry) => entry.node),
    pods: resolution.nodes.reduce((sum, entry) => sum + entry.pods.length, 0),
    max,
  };
}
