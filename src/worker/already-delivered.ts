import type { CaptureJob } from '../capture/capture-job.js';
import type { CaptureProgress } from '../capture/capture-progress.js';
import type { CaptureArtifact } from '../capture/capture-status.js';

type Delivered = NonNullable<CaptureProgress['delivered']>;

/**
 * The artifact of a trace whose link an earlier attempt already posted: a
 * resumed job only cleans up and never posts the link again. The link itself
 * is not kept (the channel has it), only what the summary and the result need.
 */
export function alreadyDelivered(job: CaptureJob, delivered: Delivered, node: string): CaptureArtifact {
  const { key, fileName, sizeBytes, sha256 } = delivered;
  return { url: '', expiresAt: new Date(delivered.expiresAt), key, fileName, sizeBytes, sha256, node, durationSeconds: job.durationSeconds, snaplen: job.snaplen };
}
