import type { IContainerState } from 'kubernetes-models/v1/ContainerState';
import type { KubeObject } from './kube-types.js';
import type { PodRuntime } from './pod-status.js';

/** The two waiting states a container goes through when its image cannot be pulled. */
export function imagePullFailure(image: string, message?: string): [IContainerState, IContainerState] {
  const cause =
    message ??
    `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`;
  return [
    { waiting: { reason: 'ErrImagePull', message: cause } },
    { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}": ErrImagePull: ${cause}` } },
  ];
}

export function unschedulableMessage(nodeCount: number): string {
  return `0/${nodeCount} nodes are available: ${nodeCount} node(s) didn't match Pod's node affinity/selector. preemption: 0/${nodeCount} nodes are available: ${nodeCount} Preemption is not helpful for scheduling.`;
}

export function nodeInternalIP(node: KubeObject): string {
  const status = node.status as { addresses?: { type: string; address: string }[] } | undefined;
  return status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
}

/** What the kubelet does to running containers when the pod must stop (SIGKILL after the grace period). */
export function terminateAll(rt: PodRuntime, now: string): void {
  for (const [name, c] of rt.containers) {
    const startedAt = c.state.running?.startedAt;
    if (startedAt === undefined) continue;
    rt.containers.set(name, { ...c, state: { terminated: { exitCode: 137, reason: 'Error', startedAt, finishedAt: now } } });
  }
}
