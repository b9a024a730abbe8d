import { pipeline } from 'node:stream/promises';
import type { CapturePodJob } from '../capture/capture-job.js';
import { traceFileName, traceObjectKey } from '../capture/names.js';
import { createDigestStream } from './digest-stream.js';
import type { CaptureCluster, TraceStore } from './ports.js';

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
export async function uploadTrace(
  job: CapturePodJob,
  deps: { readonly cluster: Pick<CaptureCluster, 'openTrace'>; readonly store: Pick<TraceStore, 'put'>; readonly objectPrefix: string },
  signal: AbortSignal,
): Promise<UploadedTrace> {
  const key = traceObjectKey(job, deps.objectPrefix);
  const fileName = traceFileName(job);
  const digest = createDigestStream();
  const trace = deps.cluster.openTrace(job);
  const upload = deps.store
    .put(key, digest.stream, { fileName, captureId: job.captureId, requestedBy: job.requestedBy }, signal)
    .catch((error: unknown) => {
      trace.destroy(error as Error);
      throw error;
    });
  await Promise.all([pipeline(trace, digest.stream), upload]);
  return { key, fileName, ...digest.result() };
}
