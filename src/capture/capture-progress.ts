import { z } from 'zod';
import { nodePodsSchema } from './target-resolution.js';

/** A status the channel was last shown that no later attempt changes: the janitor restates it. */
export const finalStatusSchema = z.discriminatedUnion('stage', [
  z.object({ stage: z.literal('done'), node: z.string(), sizeBytes: z.number().int().nonnegative() }),
  z.object({ stage: z.literal('failed'), reason: z.string(), detail: z.string().optional() }),
  z.object({ stage: z.literal('cancelled'), by: z.string() }),
]);

/** One node's trace of a capture over several nodes, once its link is in the channel. */
const deliveredPartSchema = z.object({
  index: z.number().int().nonnegative(),
  node: z.string().min(1),
  key: z.string(),
  fileName: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  expiresAt: z.iso.datetime(),
});

/**
 * What earlier attempts of a capture job got done, kept in the job's data
 * (under `progress`) so that a retried or re-queued job resumes instead of
 * starting over: it re-attaches to the pod it made and never posts the link twice.
 */
export const captureProgressSchema = z.object({
  /** The node the capture pod was placed on. */
  node: z.string().min(1).optional(),
  /** The capture pod was created: a later attempt re-attaches to it and never makes another. */
  podCreated: z.boolean().optional(),
  /** The link is in the channel: a later attempt must not post it again. */
  delivered: deliveredPartSchema.omit({ index: true, node: true }).optional(),
  /** A capture over several nodes: the pods and nodes its target resolved to, so a later attempt re-attaches to the same capture pods. */
  resolved: z.array(nodePodsSchema).optional(),
  /** A capture over several nodes: the nodes whose link is in the channel already. */
  parts: z.array(deliveredPartSchema).optional(),
  /** The last limit the job waited for, so the status message is not rewritten for each re-check. */
  waitingFor: z.string().optional(),
  finalStatus: finalStatusSchema.optional(),
});

export type CaptureProgress = z.infer<typeof captureProgressSchema>;
export type FinalStatus = z.infer<typeof finalStatusSchema>;

/** Reads progress out of raw job data; anything unreadable counts as no progress. */
export function progressOf(data: unknown): CaptureProgress {
  const raw = typeof data === 'object' && data !== null ? (data as { progress?: unknown }).progress : undefined;
  const parsed = captureProgressSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : {};
}
