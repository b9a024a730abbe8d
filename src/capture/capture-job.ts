import { z } from 'zod';
import { DRIVERS } from './driver.js';

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A ULID: 26 Crockford base-32 characters. */
export const captureIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'capture id must be a ULID');

/**
 * The job data queued for the worker. Parsed when enqueued and again when the
 * worker picks it up: Redis is a boundary.
 */
export const captureJobSchema = z.object({
  captureId: captureIdSchema,
  pod: z.string().max(253).regex(dns1123Subdomain),
  namespace: z.string().max(63).regex(dns1123Label),
  durationSeconds: z.number().int().positive(),
  snaplen: z.number().int().positive(),
  driver: z.enum(DRIVERS),
  filter: z.string().min(1).optional(),
  requestedBy: z.string().min(1),
  channel: z.string().min(1),
  /** ts of the channel status message the worker keeps up to date. */
  statusTs: z.string().min(1),
  /** ISO-8601 UTC time of the request; the object key is derived from it. */
  requestedAt: z.iso.datetime(),
});

export type CaptureJob = z.infer<typeof captureJobSchema>;
