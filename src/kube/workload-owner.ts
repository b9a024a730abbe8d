import type { V1Pod } from '@kubernetes/client-node';
import type { Workload } from '../capture/capture-target.js';

const OWNER_KINDS: Readonly<Record<string, Workload['kind']>> = {
  ReplicaSet: 'replicaset',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
  Job: 'job',
};

/** The controller that wrote the pod's controller owner reference, if it is one /capture names. */
export function podOwner(pod: V1Pod): Workload | undefined {
  const owner = pod.metadata?.ownerReferences?.find((reference) => reference.controller);
  const kind = owner ? OWNER_KINDS[owner.kind] : undefined;
  return owner && kind ? { kind, name: owner.name } : undefined;
}

/**
 * The workload people name a pod by, read from the owner reference its
 * controller wrote: a StatefulSet, DaemonSet or Job owns its pods directly; a
 * Deployment owns them through a ReplicaSet named `<deployment>-<pod-template-hash>`
 * (a ReplicaSet named otherwise is a bare one). Reading owners from the pods
 * themselves keeps the worker to `list pods`, with no read access to apps/v1 objects.
 */
export function podWorkload(pod: V1Pod): Workload | undefined {
  const owner = podOwner(pod);
  if (owner?.kind !== 'replicaset') return owner;
  const hash = pod.metadata?.labels?.['pod-template-hash'];
  const suffix = `-${hash ?? ''}`;
  if (hash && owner.name.endsWith(suffix) && owner.name.length > suffix.length) return { kind: 'deployment', name: owner.name.slice(0, -suffix.length) };
  return owner;
}
