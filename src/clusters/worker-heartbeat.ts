import { z } from 'zod';
import { clusterNameSchema } from '../capture/cluster-name.js';

/** How often a worker writes its heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 10_000;
/** A cluster none of whose workers wrote a heartbeat for this long is unreachable. */
export const UNREACHABLE_AFTER_MS = 30_000;
/** A worker silent this long is forgotten (its cluster with it, when it was the last one). */
export const FORGET_AFTER_MS = 7 * 86_400_000;

/** What a worker writes into Redis every HEARTBEAT_INTERVAL_MS. Parsed when read: Redis is a boundary. */
export const workerHeartbeatSchema = z.object({
  cluster: clusterNameSchema,
  /** host name and process id: one entry per worker process. */
  workerId: z.string().min(1).max(300),
  /** The Kubernetes API server the worker reaches (its kubeconfig's or the in-cluster one). */
  apiServer: z.string().max(2_000),
  /** When it wrote this, in ms since the epoch. */
  lastSeenMs: z.number().int().nonnegative(),
});

export type WorkerHeartbeat = z.infer<typeof workerHeartbeatSchema>;
