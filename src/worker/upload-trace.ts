import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import type { CapturePodJob } from '../capture/capture-job.js';
import type { CaptureArtifact } from '../capture/capture-status.js';
import { traceFileName, traceObjectKey } from '../capture/names.js';
import { createDigestStream } from './digest-stream.js';
import type { CaptureCluster, PutOptions, TraceStore } from './ports.js';
import type { ReleaseTurn } from './upload-turns.js';

type UploadDeps = { readonly cluster: Pick<CaptureCluster, 'openTrace'>; readonly store: Pick<TraceStore, 'put'>; readonly objectPrefix: string };

export interface UploadedTrace {
  readonly key: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  readonly sha256: string;
}

/**
 * Streams the trace out of the capture pod's holder straight into the
 * object, hashing on the way; a failed upload stops the read and the other
 * way round. Key and file name derive from the job, so a retry writes the same object.
 */
async function uploadTrace(job: CapturePodJob, deps: UploadDeps, signal: AbortSignal, options: PutOptions): Promise<UploadedTrace> {
  const key = traceObjectKey(job, deps.objectPrefix);
  const fileName = traceFileName(job);
  const digest = createDigestStream();
  const trace = deps.cluster.openTrace(job);
  const upload = deps.store
    .put(key, digest.stream, { fileName, captureId: job.captureId, requestedBy: job.requestedBy }, signal, options)
    .catch((error: unknown) => {
      trace.destroy(error as Error);
      throw error;
    });
  await Promise.all([pipeline(trace, digest.stream), upload]);
  return { key, fileName, ...digest.result() };
}

/**
 * Uploads the trace of one capture pod and signs a link to it: what the channel is handed.
 * The upload turn is given back as soon as the bytes are stored, before the link is signed.
 */
export async function uploadAndSign(
  job: CapturePodJob,
  node: string,
  deps: UploadDeps & { readonly store: Pick<TraceStore, 'put' | 'presign'>; readonly linkTtlSeconds: number; readonly log: Logger },
  signal: AbortSignal,
  upload: { readonly releaseTurn: ReleaseTurn } & PutOptions,
): Promise<CaptureArtifact> {
  const { key, fileName, sizeBytes, sha256 } = await uploadTrace(job, deps, signal, { firstAttempt: upload.firstAttempt }).finally(upload.releaseTurn);
  deps.log.info({ key, sizeBytes, sha256 }, 'trace uploaded');
  const link = await deps.store.presign(key, fileName, deps.linkTtlSeconds);
  return { url: link.url, expiresAt: link.expiresAt, key, fileName, sizeBytes, sha256, node, durationSeconds: job.durationSeconds, snaplen: job.snaplen };
}
