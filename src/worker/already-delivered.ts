import type { CaptureJob } from '../capture/capture-job.js';
import type { CaptureProgress } from '../capture/capture-progress.js';
import type { CaptureArtifact } from '../capture/capture-status.js';
import type { TraceStore } from './ports.js';

type Delivered = NonNullable<CaptureProgress['delivered']>;

/**
 * The artifact an earlier attempt already posted the link for: a resumed job
 * only cleans up, and never posts the link a second time.
 */
export async function alreadyDelivered(
  job: CaptureJob,
  delivered: Delivered,
  node: string,
  store: Pick<TraceStore, 'presign'>,
  linkTtlSeconds: number,
): Promise<CaptureArtifact> {
  const link = await store.presign(delivered.key, delivered.fileName, linkTtlSeconds);
  return {
    url: link.url,
    expiresAt: link.expiresAt,
    key: delivered.key,
    fileName: delivered.fileName,
    sizeBytes: delivered.sizeBytes,
    sha256: delivered.sha256,
    node,
    durationSeconds: job.durationSeconds,
    snaplen: job.snaplen,
  };
}
