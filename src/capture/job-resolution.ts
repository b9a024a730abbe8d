import type { CaptureJob } from './capture-job.js';
import type { TargetRequest } from './resolve-target.js';
import { resolutionProblemText } from './resolution-text.js';
import type { NodePods, TargetResolution } from './target-resolution.js';
import { UserFacingError } from './user-facing-error.js';

/**
 * What a queued job captures, asked again at capture time: the bot resolved
 * a typed name before queueing, so a job's pod is always an exact pod name.
 */
export function jobTargetRequest(job: Pick<CaptureJob, 'namespace' | 'pod' | 'target' | 'container'>): TargetRequest {
  return {
    namespace: job.namespace,
    pod: job.pod,
    ...(job.target ? { target: job.target } : { exactPod: true }),
    ...(job.container !== undefined && { container: job.container }),
  };
}

/** The nodes and pods a resolution captures; anything else becomes the capture's failure, in the reply's words. */
export function capturedNodes(resolution: TargetResolution, namespace: string): NodePods[] {
  if (resolution.kind === 'resolved') return resolution.nodes;
  throw new UserFacingError(resolutionProblemText(resolution, namespace));
}
