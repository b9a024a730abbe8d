import { DEFAULT_CLUSTER } from '../capture/cluster-name.js';

/** The BullMQ queue every capture job goes through. */
export const CAPTURE_QUEUE = 'captures';
/** Requests for fresh links to finished captures, answered by the workers (the bot never touches S3). */
export const RELINK_QUEUE = 'relinks';
/** Targets to resolve before a capture is shown or queued: the bot asks, a worker (which can see the cluster) answers. */
export const RESOLVE_QUEUE = 'resolves';
/** The janitor's own queue, so its passes never wait behind captures or count against their limits. */
export const JANITOR_QUEUE = 'capture-janitor';

export type QueueBase = typeof CAPTURE_QUEUE | typeof RELINK_QUEUE | typeof RESOLVE_QUEUE | typeof JANITOR_QUEUE;

/**
 * A queue of one cluster: `captures@prod-eu`. The default cluster keeps the
 * bare names, so a one-cluster install (and jobs queued before an upgrade)
 * goes on as before. A worker takes jobs only from its own cluster's queues.
 */
export function clusterQueue(base: QueueBase, cluster: string): string {
  return cluster === DEFAULT_CLUSTER ? base : `${base}@${cluster}`;
}
