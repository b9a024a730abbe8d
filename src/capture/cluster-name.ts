import { z } from 'zod';
import { isKubeName } from './kube-names.js';

/** The cluster a one-cluster install has: its queues, keys and messages stay as they were before clusters had names. */
export const DEFAULT_CLUSTER = 'default';

/** A cluster's name (CLUSTER_NAME, `--cluster`): a DNS-1123 label, since it names queues and S3 keys. */
export function isClusterName(name: string): boolean {
  return isKubeName('namespace', name);
}

export const clusterNameSchema = z.string().refine(isClusterName, 'cluster must be a DNS-1123 label (lowercase letters, digits and -, at most 63)');

/** The cluster a job is for; a job queued before clusters had names is for the default one. */
export function clusterOf(job: { readonly cluster?: string | undefined }): string {
  return job.cluster ?? DEFAULT_CLUSTER;
}
