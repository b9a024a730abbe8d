import { z } from 'zod';
import { isKubeName } from './kube-names.js';
import { isLabelSelector } from './label-selector.js';

export const WORKLOAD_KINDS = ['deployment', 'statefulset', 'daemonset', 'job', 'replicaset'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

const objectName = z.string().refine((v) => isKubeName('pod', v), 'name must be a DNS-1123 subdomain');

export const workloadSchema = z.object({ kind: z.enum(WORKLOAD_KINDS), name: objectName });
/** A controller that owns pods, as read from the pods' owner references. */
export type Workload = z.infer<typeof workloadSchema>;

/**
 * A target wider than one pod: every running pod of a workload or that a
 * label selector matches (in the job's namespace), the running pods of one
 * workload whose names start with a prefix (a bare name that matched part of
 * a pod name), or every pod on a node.
 * The worker resolves it to pods and nodes; one capture pod runs per node.
 */
export const captureTargetSchema = z.discriminatedUnion('kind', [
  workloadSchema,
  z.object({ kind: z.literal('selector'), selector: z.string().refine(isLabelSelector, 'selector must be an equality-based label selector') }),
  z.object({ kind: z.literal('prefix'), prefix: objectName, workload: workloadSchema }),
  z.object({ kind: z.literal('node'), name: objectName }),
]);

export type CaptureTarget = z.infer<typeof captureTargetSchema>;

/**
 * What a node capture is checked against by the access policy, and filed
 * under: it records every pod on the node, system ones included.
 */
export const NODE_CAPTURE_NAMESPACE = 'kube-system';

/**
 * The name a wide capture's files and capture pods are named after, where a
 * one-pod capture uses the pod's name: `deployment-web`, `selector-app-web`,
 * `node-ip-10-0-1-7.ec2.internal`. Always a valid DNS-1123 subdomain.
 */
export function targetSubject(target: CaptureTarget): string {
  if (target.kind === 'prefix') return `${target.workload.kind}-${target.workload.name}`;
  if (target.kind !== 'selector') return `${target.kind}-${target.name}`;
  const words = target.selector.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return `selector-${words.slice(0, 200).replace(/[-.]+$/, '') || 'labels'}`;
}

/** How kubectl spells a workload: `deploy/web`, `sts/db`, `rs/web-5967c66fb4`. */
export function workloadWords(workload: Workload): string {
  switch (workload.kind) {
    case 'deployment':
      return `deploy/${workload.name}`;
    case 'replicaset':
      return `rs/${workload.name}`;
    default:
      return `${workload.kind}/${workload.name}`;
  }
}

/** How the command names the target: `deploy/web`, `-l app=web`, `node/node-a`; a prefix as `web-59…`. */
export function targetWords(target: CaptureTarget): string {
  switch (target.kind) {
    case 'node':
      return `node/${target.name}`;
    case 'selector':
      return `-l ${target.selector}`;
    case 'prefix':
      return `${target.prefix}…`;
    default:
      return workloadWords(target);
  }
}
