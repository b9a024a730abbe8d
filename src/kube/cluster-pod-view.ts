import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { ClusterPod, PodContainer } from '../capture/cluster-pod.js';
import { shortContainerId } from '../capture/container-scope.js';
import { podOwner, podWorkload } from './workload-owner.js';

function container(status: V1ContainerStatus): PodContainer {
  const id = shortContainerId(status.containerID);
  return { name: status.name, ...(id && { id }), running: status.state?.running !== undefined, restartCount: status.restartCount };
}

/** What `kubectl get pods` shows as STATUS, near enough: a waiting or terminated container's reason, else the phase. */
function podStatus(pod: V1Pod): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  if (!pod.spec?.nodeName) return 'Pending, not scheduled on a node yet';
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const waiting = statuses.find((s) => s.state?.waiting?.reason && s.state.waiting.reason !== 'PodInitializing')?.state?.waiting?.reason;
  if (waiting) return waiting;
  const phase = pod.status?.phase ?? 'Unknown';
  if (phase === 'Succeeded') return 'Completed';
  if (phase === 'Failed') return pod.status?.reason ?? statuses.find((s) => s.state?.terminated?.reason)?.state?.terminated?.reason ?? 'Failed';
  return pod.status?.reason ?? phase;
}

/**
 * A pod of the API as target resolution reads it. Containers are the app
 * containers and the init containers that run beside them (sidecars);
 * ephemeral debug containers are someone else's session and are left out.
 */
export function clusterPodView(pod: V1Pod): ClusterPod {
  const owner = podOwner(pod);
  const workload = podWorkload(pod);
  const sidecars = (pod.status?.initContainerStatuses ?? []).filter((s) => s.state?.running !== undefined);
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    ...(pod.spec?.nodeName && { node: pod.spec.nodeName }),
    phase: pod.status?.phase ?? 'Unknown',
    status: podStatus(pod),
    ...(pod.status?.podIP && { podIP: pod.status.podIP }),
    ...(owner && { owner }),
    ...(workload && { workload }),
    containers: [...(pod.status?.containerStatuses ?? []), ...sidecars].map(container),
  };
}
