import { z } from 'zod';
import { captureIdSchema } from './capture-job.js';
import { clusterNameSchema } from './cluster-name.js';
import { jobSignatureSchema } from './job-signature.js';

/**
 * A click on "Fresh link" that the bot accepted (the user is a member of the
 * capture's channel): the worker presigns the capture's traces again and
 * shows the links to that user only. Parsed when enqueued and when picked up.
 */
export const relinkRequestSchema = z.object({
  captureId: captureIdSchema,
  /** Who clicked: the links go to them alone. */
  userId: z.string().min(1),
  /** The capture's channel, where the ephemeral answer appears. */
  channel: z.string().min(1),
  requestedAt: z.iso.datetime(),
  /** The capture's cluster, whose workers hold its traces' key; missing: default. */
  cluster: clusterNameSchema.optional(),
  /** The bot's signature: a fresh link is a credential, so a worker presigns only for requests the bot accepted. */
  signature: jobSignatureSchema.optional(),
});

export type RelinkRequest = z.infer<typeof relinkRequestSchema>;
