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
  /**
   * The workload whose controller made this pod: the pod gets the owner reference (and, for a
   * Deployment, the ReplicaSet owner and pod-template-hash label) a real controller sets.
   */
  readonly owner?: { readonly kind: 'Deployment' | 'StatefulSet' | 'DaemonSet'; readonly name: string; readonly templateHash?: string };
  /** Runtime ids per container (`containerd://5255305a76e4…`), e.g. those a fixture trace was recorded with. */
  readonly containerIds?: Readonly<Record<string, string>>;
  /** Log lines per container, served by pods/log. */
  readonly logs?: Readonly<Record<string, readonly string[]>>;
  /** status.podIP; default one from 10.244.200.0/24. */
  readonly podIP?: string;
}

/** A Service a test puts in the cluster: selects nothing, only owns its cluster IP. */
export interface SeedService {
  readonly namespace: string;
  readonly name: string;
  /** spec.clusterIP; `None` for a headless Service; default one from 10.96.0.0/16. */
  readonly clusterIP?: string;
  readonly port?: number;
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

/** What the Deployment → ReplicaSet → Pod (or StatefulSet/DaemonSet → Pod) controllers write on a pod. */
function controllerMetadata(seed: SeedPod): { labels: Record<string, string>; ownerReferences: OwnerReference[] } | undefined {
  const owner = seed.owner;
  if (!owner) return undefined;
  const uid = `uid-${owner.kind.toLowerCase()}-${owner.name}`;
  if (owner.kind !== 'Deployment') {
    return { labels: {}, ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid, controller: true, blockOwnerDeletion: true }] };
  }
  // ReplicaSets are named <deployment>-<pod-template-hash>, their pods <replicaset>-<5 chars>.
  const fromName = new RegExp(`^${owner.name}-([a-z0-9]{6,10})-[a-z0-9]{5}$`).exec(seed.name)?.[1];
  const hash = owner.templateHash ?? fromName ?? '5967c66fb4';
  return {
    labels: { 'pod-template-hash': hash },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${owner.name}-${hash}`, uid: `${uid}-${hash}`, controller: true, blockOwnerDeletion: true }],
  };
}

export function seedPodObject(seed: SeedPod): WirePod {
  const containers = (seed.containers ?? ['app']).map((c) => (typeof c === 'string' ? { name: c, image: `registry.example/${c}:1.0` } : { ...c }));
  const controlled = controllerMetadata(seed);
  const ownerReferences = [...(controlled?.ownerReferences ?? []), ...(seed.ownerReferences ?? []).map((r) => ({ ...r }))];
  // The API server refuses such a pod: "Only one reference can have Controller set to true".
  if (ownerReferences.filter((r) => r.controller === true).length > 1) throw new Error(`pod ${seed.name}: only one owner reference can be its controller`);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: seed.name,
      namespace: seed.namespace,
      labels: { ...seed.labels, ...controlled?.labels },
      ...(ownerReferences.length > 0 ? { ownerReferences } : {}),
    },
    spec: { nodeName: seed.nodeName, restartPolicy: 'Always', containers },
  };
}

export function serviceObject(seed: SeedService, defaultIP: string): KubeObject {
  const clusterIP = seed.clusterIP ?? defaultIP;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: seed.name, namespace: seed.namespace },
    spec: {
      type: 'ClusterIP',
      clusterIP,
      ...(clusterIP === 'None' ? {} : { clusterIPs: [clusterIP] }),
      ports: [{ protocol: 'TCP', port: seed.port ?? 80, targetPort: seed.port ?? 80 }],
    },
    status: { loadBalancer: {} },
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
