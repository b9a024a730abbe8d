import type { KubeObject, ObjectMeta, WirePod } from './kube-types.js';
import type { PodPhase } from './pod-status.js';
import { resourceTypeOfKind } from './request-info.js';

type OwnerReference = NonNullable<ObjectMeta['ownerReferences']>[number];

/** A pod a test puts in the cluster directly (an application pod to capture); no kubelet plays it. */
export interface SeedPod {
  readonly namespace: string;
  readonly name: string;
  readonly nodeName: string;
  /** Default Running. */
  readonly phase?: PodPhase;
  readonly labels?: Readonly<Record<string, string>>;
  /** Names, or name and image; default one container `app`. */
  readonly containers?: readonly (string | { readonly name: string; readonly image: string })[];
  readonly ownerReferences?: readonly OwnerReference[];
  /** Log lines per container, served by pods/log. */
  readonly logs?: Readonly<Record<string, readonly string[]>>;
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet';

export interface SeedWorkload {
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  /** spec.selector.matchLabels, also the pod template's labels. */
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly replicas?: number;
  readonly labels?: Readonly<Record<string, string>>;
}

export function nodeObject(name: string, index: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } },
    spec: {},
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      addresses: [
        { type: 'InternalIP', address: `10.0.0.${index + 10}` },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: { architecture: 'amd64', operatingSystem: 'linux', kubeletVersion: 'v1.33.1', containerRuntimeVersion: 'containerd://2.0.5' },
    },
  };
}

export function seedPodObject(seed: SeedPod): WirePod {
  const containers = (seed.containers ?? ['app']).map((c) => (typeof c === 'string' ? { name: c, image: `registry.example/${c}:1.0` } : { ...c }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: seed.name,
      namespace: seed.namespace,
      labels: { ...seed.labels },
      ...(seed.ownerReferences ? { ownerReferences: seed.ownerReferences.map((r) => ({ ...r })) } : {}),
    },
    spec: { nodeName: seed.nodeName, restartPolicy: 'Always', containers },
  };
}

export function workloadObject(seed: SeedWorkload): KubeObject {
  const type = resourceTypeOfKind(seed.kind);
  const replicas = seed.replicas ?? 1;
  return {
    apiVersion: type?.apiVersion ?? 'apps/v1',
    kind: seed.kind,
    metadata: { name: seed.name, namespace: seed.namespace, labels: { ...seed.labels }, generation: 1 },
    spec: {
      ...(seed.kind === 'DaemonSet' ? {} : { replicas }),
      selector: { matchLabels: { ...seed.matchLabels } },
      template: { metadata: { labels: { ...seed.matchLabels } }, spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0' }] } },
    },
    status: seed.kind === 'DaemonSet' ? { numberReady: replicas, desiredNumberScheduled: replicas } : { replicas, readyReplicas: replicas, observedGeneration: 1 },
  };
}
