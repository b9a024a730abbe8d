import type { CapturePodJob } from './capture-job.js';

type Naming = Pick<CapturePodJob, 'captureId' | 'pod' | 'namespace' | 'requestedAt' | 'part'>;

/** `20190214T110529Z`: the request time as it appears in file names. */
export function compactUtc(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** The trace's file name, also used inside the capture pod and as the download name. */
export function traceFileName(job: Naming): string {
  const node = job.part ? `-${job.part.node}` : '';
  return `capture-${job.pod}${node}-${compactUtc(job.requestedAt)}-${job.captureId}.scap.gz`;
}

/** The object key: derived from job data alone, so a retry writes the same key. */
export function traceObjectKey(job: Naming, prefix: string): string {
  return `${prefix}${job.namespace}/${job.pod}/${traceFileName(job)}`;
}

/**
 * The capture pod's name: derived from the capture id (and, for one node's
 * share of a wider capture, its index), so a retried job finds it again.
 */
export function capturePodName(captureId: string, partIndex?: number): string {
  return `capture-${captureId.toLowerCase()}${partIndex === undefined ? '' : `-${partIndex}`}`;
}
