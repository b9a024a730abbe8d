import { z } from 'zod';
import { captureTargetSchema } from './capture-target.js';
import { clusterNameSchema } from './cluster-name.js';
import { DRIVERS } from './driver.js';
import { isKubeName } from './kube-names.js';
import { jobSignatureSchema } from './job-signature.js';
import { nodePodsSchema } from './target-resolution.js';

/** A ULID: 26 Crockford base-32 characters. */
export const captureIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'capture id must be a ULID');

/** The Alertmanager alert that started a capture, as its messages name it. */
export const alertOriginSchema = z.object({
  /** The policy's alert rule; the requester is `alertmanager/<rule>`. */
  rule: z.string().min(1).max(63),
  alertname: z.string().min(1).max(256),
  fingerprint: z.string().regex(/^[0-9a-f]{1,64}$/),
  /** The alert's summary annotation. */
  summary: z.string().max(1_000).optional(),
  /** Where the alert came from (the Prometheus graph of its expression). */
  generatorURL: z.string().max(2_000).optional(),
  startsAt: z.string().min(1).max(64),
});
export type AlertOrigin = z.infer<typeof alertOriginSchema>;

/** The requester recorded for a capture an alert rule started. */
export function alertRequester(rule: string): string {
  return `alertmanager/${rule}`;
}

/**
 * The job data queued for the worker. Parsed when enqueued and again when the
 * worker picks it up: Redis is a boundary.
 */
export const captureJobSchema = z.object({
  captureId: captureIdSchema,
  pod: z.string().refine((v) => isKubeName('pod', v), 'pod must be a DNS-1123 subdomain'),
  namespace: z.string().refine((v) => isKubeName('namespace', v), 'namespace must be a DNS-1123 label'),
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
  /** The policy rule that let the capture run, for the audit trail. */
  policyRule: z.string().min(1).optional(),
  /** Who approved it, when the policy asked for an approval. */
  approvedBy: z.string().min(1).optional(),
  /**
   * A workload, label selector or node instead of one pod; `pod` then holds
   * the target's subject name (targetSubject), which names its files.
   */
  target: captureTargetSchema.optional(),
  /** `-c CONTAINER`: only this container of each pod is captured. */
  container: z.string().refine((v) => isKubeName('namespace', v), 'container must be a DNS-1123 label').optional(),
  /** The pods and nodes the target resolved to when it was requested: what the requester and any approver saw. */
  resolved: z.array(nodePodsSchema).optional(),
  /** Set when an alert, not a person, asked for the capture. */
  alert: alertOriginSchema.optional(),
  /** The cluster it runs in (CLUSTER_NAME of the workers that take it); missing: `default` (a job from before clusters had names). */
  cluster: clusterNameSchema.optional(),
  /** The bot's signature over everything above; a worker runs no job without a valid one. */
  signature: jobSignatureSchema.optional(),
});

export type CaptureJob = z.infer<typeof captureJobSchema>;

/** One node's share of a capture over several nodes. */
export interface CapturePart {
  /** Its place in the node list the target resolved to; names its capture pod. */
  readonly index: number;
  readonly node: string;
}

/**
 * What one capture pod records: a whole one-pod capture, or one node's share
 * of a wider one (`part` set, `filter` narrowed to the matching pods). Never
 * queued: the worker derives it from the job.
 */
export type CapturePodJob = CaptureJob & { readonly part?: CapturePart };
