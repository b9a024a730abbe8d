/** The BullMQ queue every capture job goes through. */
export const CAPTURE_QUEUE = 'captures';
