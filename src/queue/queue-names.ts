/** The BullMQ queue every capture job goes through. */
export const CAPTURE_QUEUE = 'captures';
/** Requests for fresh links to finished captures, answered by the workers (the bot never touches S3). */
export const RELINK_QUEUE = 'relinks';
/** Targets to resolve before a capture is shown or queued: the bot asks, a worker (which can see the cluster) answers. */
export const RESOLVE_QUEUE = 'resolves';
