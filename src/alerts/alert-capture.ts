import type { CaptureSpec, CaptureLimits } from '../capture/capture-spec.js';
import { DEFAULT_SNAPLEN } from '../capture/capture-spec.js';
import { isClusterName } from '../capture/cluster-name.js';
import { targetSubject, type Workload } from '../capture/capture-target.js';
import { isKubeName } from '../capture/kube-names.js';
import { matchesGlob } from '../policy/glob.js';
import type { AlertRule } from '../policy/alert-rules.js';
import type { Alert } from './alertmanager-payload.js';

/** The first alert rule whose every label matches (exactly, or as a glob like `ticket-*`). */
export function alertRuleFor(rules: readonly AlertRule[], alert: Pick<Alert, 'labels'>): AlertRule | undefined {
  return rules.find((rule) =>
    Object.entries(rule.match).every(([label, pattern]) => {
      const value = alert.labels[label];
      return value !== undefined && matchesGlob(pattern, value);
    }),
  );
}

const WORKLOAD_LABELS = ['deployment', 'statefulset', 'daemonset'] as const satisfies readonly Workload['kind'][];

export type AlertTarget =
  | { readonly kind: 'target'; readonly spec: CaptureSpec }
  | { readonly kind: 'no-target'; readonly reason: string };

/**
 * What the alert's labels name: `namespace` with `pod` (that exact pod), or
 * with `deployment`, `statefulset` or `daemonset` (resolved as a typed
 * `deploy/NAME` is). Label values are checked as Kubernetes names: they come
 * from whatever the alert's query returned.
 */
export function alertTarget(alert: Pick<Alert, 'labels'>, rule: Pick<AlertRule, 'duration' | 'cluster'>, limits: CaptureLimits): AlertTarget {
  const { labels } = alert;
  const namespace = labels.namespace;
  if (namespace === undefined) return { kind: 'no-target', reason: 'the alert has no namespace label' };
  if (!isKubeName('namespace', namespace)) return { kind: 'no-target', reason: `its namespace label "${namespace}" is not a namespace name` };
  // The alert's own cluster label, else the rule's; neither: the target is looked for in every live cluster.
  const cluster = labels.cluster ?? rule.cluster;
  if (cluster !== undefined && !isClusterName(cluster)) return { kind: 'no-target', reason: `its cluster label "${cluster}" is not a cluster name` };
  const base = {
    ...(cluster !== undefined && { cluster }),
    namespace,
    durationSeconds: rule.duration.seconds,
    snaplen: Math.min(DEFAULT_SNAPLEN, limits.maxSnaplen),
    driver: limits.defaultDriver,
  };
  const pod = labels.pod;
  if (pod !== undefined) {
    if (!isKubeName('pod', pod)) return { kind: 'no-target', reason: `its pod label "${pod}" is not a pod name` };
    return { kind: 'target', spec: { ...base, pod, exactPod: true } };
  }
  for (const kind of WORKLOAD_LABELS) {
    const name = labels[kind];
    if (name === undefined) continue;
    if (!isKubeName('pod', name)) return { kind: 'no-target', reason: `its ${kind} label "${name}" is not a ${kind} name` };
    const target = { kind, name } as const;
    return { kind: 'target', spec: { ...base, pod: targetSubject(target), target } };
  }
  return { kind: 'no-target', reason: 'the alert names no pod, deployment, statefulset or daemonset label' };
}
