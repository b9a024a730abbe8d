import type { CapturePodJob } from './capture-job.js';
import { clusterOf, DEFAULT_CLUSTER } from './cluster-name.js';

type Naming = Pick<CapturePodJob, 'captureId' | 'pod' | 'namespace' | 'requestedAt' | 'part' | 'cluster'>;

/** `20190214T110529Z`: the request time as it appears in file names. */
export function compactUtc(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * The trace's file name, also used inside the capture pod and as the
 * download name; a named cluster comes first (`capture-prod-eu-web-1-…`), so
 * two downloads of the same pod name from two clusters tell themselves apart.
 */
export function traceFileName(job: Naming): string {
  const node = job.part ? `-${job.part.node}` : '';
  const cluster = clusterOf(job) === DEFAULT_CLUSTER ? '' : `${clusterOf(job)}-`;
  return `capture-${cluster}${job.pod}${node}-${compactUtc(job.requestedAt)}-${job.captureId}.scap.gz`;
}

/**
 * The object key, `<cluster>/<namespace>/<pod>/<file>`: derived from job data
 * alone, so a retry writes the same key. Traces written before clusters had
 * names sit under `<namespace>/…`; their fresh links use the key stored with the job's result.
 */
export function traceObjectKey(job: Naming, prefix: string): string {
  return `${prefix}${clusterOf(job)}/${job.namespace}/${job.pod}/${traceFileName(job)}`;
}

/**
 * The capture pod's name: derived from the capture id (and, for one node's
 * share of a wider capture, its index), so a retried job finds it again.
 */
export function capturePodName(captureId: string, partIndex?: number): string {
  return `capture-${captureId.toLowerCase()}${partIndex === undefined ? '' : `-${partIndex}`}`;
}
