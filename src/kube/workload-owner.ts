import type { V1Pod } from '@kubernetes/client-node';
import type { WorkloadKind } from '../capture/capture-target.js';

/**
 * Whether a pod belongs to the named workload, read from the owner reference
 * its controller wrote: a StatefulSet or DaemonSet owns its pods directly; a
 * Deployment owns them through a ReplicaSet named `<deployment>-<pod-template-hash>`.
 * Reading owners from the pods themselves keeps the worker to `list pods`,
 * with no read access to apps/v1 objects.
 */
export function ownedByWorkload(pod: V1Pod, kind: WorkloadKind, name: string): boolean {
  const owner = pod.metadata?.ownerReferences?.find((reference) => reference.controller);
  if (!owner) return false;
  switch (kind) {
    case 'statefulset':
      return owner.kind === 'StatefulSet' && owner.name === name;
    case 'daemonset':
      return owner.kind === 'DaemonSet' && owner.name === name;
    case 'deployment': {
      const hash = pod.metadata?.labels?.['pod-template-hash'];
      return owner.kind === 'ReplicaSet' && hash !== undefined && owner.name === `${name}-${hash}`;
    }
  }
}
