import { z } from 'zod';
import { captureTargetSchema } from './capture-target.js';
import { isKubeName } from './kube-names.js';

/** A resolve step's question, as it travels to a worker through Redis (a boundary). */
export const resolveRequestSchema = z.object({
  namespace: z.string().refine((v) => isKubeName('namespace', v), 'namespace must be a DNS-1123 label'),
  pod: z.string().refine((v) => isKubeName('pod', v), 'pod must be a DNS-1123 subdomain'),
  target: captureTargetSchema.optional(),
  exactPod: z.boolean().optional(),
  container: z.string().refine((v) => isKubeName('namespace', v), 'container must be a DNS-1123 label').optional(),
  /** Epoch ms after which the bot no longer waits: a worker finding it later skips it. */
  deadline: z.number().int().positive(),
});

export type ResolveRequest = z.infer<typeof resolveRequestSchema>;
