import type { CaptureJob } from './capture-job.js';

type Naming = Pick<CaptureJob, 'captureId' | 'pod' | 'namespace' | 'requestedAt'>;

/** `20190214T110529Z`: the request time as it appears in file names. */
export function compactUtc(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** The trace's file name, also used inside the capture pod and as the download name. */
export function traceFileName(job: Naming): string {
  return `capture-${job.pod}-${compactUtc(job.requestedAt)}-${job.captureId}.scap.gz`;
}

/** The object key: derived from job data alone, so a retry writes the same key. */
export function traceObjectKey(job: Naming, prefix: string): string {
  return `${prefix}${job.namespace}/${job.pod}/${traceFileName(job)}`;
}

/** The capture pod's name: derived from the capture id, so a retried job finds it again. */
export function capturePodName(captureId: string): string {
  return `capture-${captureId.toLowerCase()}`;
}
