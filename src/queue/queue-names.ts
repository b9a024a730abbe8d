/** The BullMQ queue every capture job goes through. */
export const CAPTURE_QUEUE = 'captures';
/** Requests for fresh links to finished captures, answered by the workers (the bot never touches S3). */
export const RELINK_QUEUE = 'relinks';
