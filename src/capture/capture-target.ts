import { z } from 'zod';
import { isKubeName } from './kube-names.js';
import { isLabelSelector } from './label-selector.js';

export const WORKLOAD_KINDS = ['deployment', 'statefulset', 'daemonset'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

const objectName = z.string().refine((v) => isKubeName('pod', v), 'name must be a DNS-1123 subdomain');

/**
 * A target wider than one pod: every running pod of a workload or that a
 * label selector matches (in the job's namespace), or every pod on a node.
 * The worker resolves it to pods and nodes; one capture pod runs per node.
 */
export const captureTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(WORKLOAD_KINDS), name: objectName }),
  z.object({ kind: z.literal('selector'), selector: z.string().refine(isLabelSelector, 'selector must be an equality-based label selector') }),
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
  if (target.kind !== 'selector') return `${target.kind}-${target.name}`;
  const words = target.selector.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return `selector-${words.slice(0, 200).replace(/[-.]+$/, '') || 'labels'}`;
}

/** How the command names the target: `deploy/web`, `-l app=web`, `node/node-a`. */
export function targetWords(target: CaptureTarget): string {
  switch (target.kind) {
    case 'deployment':
      return `deploy/${target.name}`;
    case 'statefulset':
      return `statefulset/${target.name}`;
    case 'daemonset':
      return `daemonset/${target.name}`;
    case 'node':
      return `node/${target.name}`;
    case 'selector':
      return `-l ${target.selector}`;
  }
}
