import type { Logger } from 'pino';
import type { CaptureJob } from '../capture/capture-job.js';
import type { CaptureArtifact } from '../capture/capture-status.js';
import { UserFacingError } from '../capture/user-facing-error.js';
import type { AuditTrail } from '../capture/audit-event.js';
import { jobAuditEvent } from './capture-audit.js';
import type { NodeShare } from './node-share.js';
import type { CaptureCluster, ProgressNotifier, TraceStore } from './ports.js';
import { uploadAndSign } from './upload-trace.js';
import type { ReleaseTurn } from './upload-turns.js';

export interface NodeCaptureDeps {
  readonly cluster: CaptureCluster;
  readonly store: TraceStore;
  readonly notifier: Pick<ProgressNotifier, 'delivered'>;
  readonly log: Logger;
  readonly objectPrefix: string;
  readonly linkTtlSeconds: number;
  readonly audit?: AuditTrail;
}

/** What happened on one node: its trace's artifact, or why there is none. */
export type NodeOutcome = { readonly share: NodeShare; readonly artifact: CaptureArtifact } | { readonly share: NodeShare; readonly failure: string };

function reasonOf(error: unknown): string {
  return error instanceof UserFacingError ? error.message : `internal error (${error instanceof Error ? error.message.split('\n', 1)[0] : String(error)})`;
}

/** Waits for the node's capture pod to end; a failure becomes the reason, named after the node. */
export async function awaitNodeCapture(
  share: NodeShare,
  deps: Pick<NodeCaptureDeps, 'cluster'>,
  hooks: { readonly signal: AbortSignal; readonly onCapturing: (startedAt: Date) => void; readonly resuming: boolean },
): Promise<string | undefined> {
  try {
    const end = await deps.cluster.awaitCaptureEnd(share, { signal: hooks.signal, onCapturing: hooks.onCapturing });
    if (end.ok) return undefined;
    if (hooks.resuming && end.podGone) return 'its capture pod is gone, so the capture could not be resumed';
    return end.logTail ? `${end.reason}: ${end.logTail.split('\n').slice(-1)[0] ?? ''}` : end.reason;
  } catch (error) {
    if (hooks.signal.aborted) throw error;
    return reasonOf(error);
  }
}

/**
 * Uploads the node's trace, once takeTurn grants one of the worker's upload turns, and posts its
 * link in the capture's thread at once: it never waits for the other nodes.
 */
export async function deliverNodeTrace(
  job: CaptureJob,
  share: NodeShare,
  deps: NodeCaptureDeps,
  signal: AbortSignal,
  upload: { readonly takeTurn: () => Promise<ReleaseTurn>; readonly firstAttempt: boolean },
): Promise<NodeOutcome> {
  const log = deps.log.child({ captureId: job.captureId, node: share.part.node });
  try {
    const releaseTurn = await upload.takeTurn();
    const artifact = await uploadAndSign(share, share.part.node, { ...deps, log }, signal, { releaseTurn, firstAttempt: upload.firstAttempt });
    const { key } = artifact;
    await deps.notifier.delivered(job, artifact);
    log.info({ key, linkExpiresAt: artifact.expiresAt.toISOString() }, 'link issued');
    deps.audit?.record(jobAuditEvent(job, 'link-issued', { key, linkExpiresAt: artifact.expiresAt.toISOString(), node: share.part.node }));
    return { share, artifact };
  } catch (error) {
    if (signal.aborted) throw error;
    log.error({ err: error }, 'trace of one node could not be delivered');
    return { share, failure: reasonOf(error) };
  }
}
