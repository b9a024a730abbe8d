import { createHash } from 'node:crypto';
import type { IContainerState } from 'kubernetes-models/v1/ContainerState';
import type { IContainerStatus } from 'kubernetes-models/v1/ContainerStatus';
import type { IPodCondition } from 'kubernetes-models/v1/PodCondition';
import type { IPodStatus } from 'kubernetes-models/v1/PodStatus';
import type { WirePod } from './kube-types.js';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface ContainerRuntime {
  state: IContainerState;
  restartCount: number;
  /** The runtime's id (`containerd://<64 hex>`); default one derived from the pod's uid and the container's name. */
  containerID?: string;
  lastState?: IContainerState;
}

/** What the simulated kubelet knows about a pod; rendered into status by renderPodStatus. */
export interface PodRuntime {
  phase: PodPhase;
  reason?: string;
  message?: string;
  scheduled: { status: 'True' | 'False'; reason?: string; message?: string };
  sandboxReady: boolean;
  startTime?: string;
  hostIP?: string;
  podIP?: string;
  /** Init and app containers, by name. */
  containers: Map<string, ContainerRuntime>;
}

/** Kubernetes timestamps have second precision. */
export function kubeTime(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function containerId(pod: WirePod, name: string): string {
  return `containerd://${createHash('sha256').update(`${pod.metadata.uid ?? ''}/${name}`).digest('hex')}`;
}

function isRunning(rt: ContainerRuntime | undefined): boolean {
  return rt?.state.running !== undefined;
}

function renderContainer(pod: WirePod, c: { name: string; image?: string }, rt: ContainerRuntime | undefined, init: boolean): IContainerStatus {
  const state: IContainerState = rt?.state ?? { waiting: { reason: 'PodInitializing' } };
  const created = state.waiting === undefined || (rt?.restartCount ?? 0) > 0;
  const ready = init ? state.terminated?.exitCode === 0 : isRunning(rt);
  return {
    name: c.name,
    state,
    lastState: rt?.lastState ?? {},
    ready,
    restartCount: rt?.restartCount ?? 0,
    image: c.image ?? '',
    imageID: created ? `${c.image ?? ''}@sha256:${createHash('sha256').update(c.image ?? '').digest('hex')}` : '',
    ...(created ? { containerID: rt?.containerID ?? containerId(pod, c.name) } : {}),
    started: isRunning(rt),
  };
}

function condition(type: string, ok: boolean, previous: IPodCondition[] | undefined, now: string, reason?: string, message?: string): IPodCondition {
  const status = ok ? 'True' : 'False';
  const before = previous?.find((p) => p.type === type);
  const lastTransitionTime = before && before.status === status ? before.lastTransitionTime : now;
  return { type, status, lastTransitionTime, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

function conditions(pod: WirePod, rt: PodRuntime, previous: IPodCondition[] | undefined, now: string): IPodCondition[] {
  const scheduled = condition('PodScheduled', rt.scheduled.status === 'True', previous, now, rt.scheduled.reason, rt.scheduled.message);
  if (rt.scheduled.status !== 'True') return [scheduled];
  const inits = (pod.spec?.initContainers ?? []).map((c) => c.name);
  const apps = (pod.spec?.containers ?? []).map((c) => c.name);
  const pendingInit = inits.filter((n) => rt.containers.get(n)?.state.terminated?.exitCode !== 0);
  const unready = apps.filter((n) => !isRunning(rt.containers.get(n)));
  const list = (names: string[]): string => `[${names.join(' ')}]`;
  const initialized = pendingInit.length === 0;
  const initReason = initialized ? undefined : 'ContainersNotInitialized';
  const initMessage = initialized ? undefined : `containers with incomplete status: ${list(pendingInit)}`;
  const ready = unready.length === 0 && rt.phase === 'Running';
  const readyReason = ready ? undefined : rt.phase === 'Succeeded' || rt.phase === 'Failed' ? 'PodCompleted' : 'ContainersNotReady';
  const readyMessage = ready || readyReason === 'PodCompleted' ? undefined : `containers with unready status: ${list(unready)}`;
  return [
    condition('PodReadyToStartContainers', rt.sandboxReady, previous, now),
    condition('Initialized', initialized, previous, now, initReason, initMessage),
    condition('Ready', ready, previous, now, readyReason, readyMessage),
    condition('ContainersReady', ready, previous, now, readyReason, readyMessage),
    scheduled,
  ];
}

/** The pod's status as the kubelet reports it, shaped like the real thing. */
export function renderPodStatus(pod: WirePod, rt: PodRuntime, now: string = kubeTime()): IPodStatus {
  const previous = pod.status?.conditions;
  const status: IPodStatus = {
    phase: rt.phase,
    conditions: conditions(pod, rt, previous, now),
    qosClass: pod.status?.qosClass ?? 'BestEffort',
  };
  if (rt.reason) status.reason = rt.reason;
  if (rt.message) status.message = rt.message;
  if (rt.scheduled.status !== 'True') return status;
  if (rt.hostIP) Object.assign(status, { hostIP: rt.hostIP, hostIPs: [{ ip: rt.hostIP }] });
  if (rt.podIP) Object.assign(status, { podIP: rt.podIP, podIPs: [{ ip: rt.podIP }] });
  if (rt.startTime) status.startTime = rt.startTime;
  const inits = pod.spec?.initContainers ?? [];
  if (inits.length > 0) status.initContainerStatuses = inits.map((c) => renderContainer(pod, c, rt.containers.get(c.name), true));
  status.containerStatuses = (pod.spec?.containers ?? []).map((c) => renderContainer(pod, c, rt.containers.get(c.name), false));
  return status;
}

function seededState(phase: PodPhase, at: string, init: boolean): IContainerState {
  switch (phase) {
    case 'Pending':
      return { waiting: { reason: 'ContainerCreating' } };
    case 'Running':
      return init ? { terminated: { exitCode: 0, reason: 'Completed', startedAt: at, finishedAt: at } } : { running: { startedAt: at } };
    case 'Succeeded':
      return { terminated: { exitCode: 0, reason: 'Completed', startedAt: at, finishedAt: at } };
    case 'Failed':
      return { terminated: { exitCode: 1, reason: 'Error', startedAt: at, finishedAt: at } };
  }
}

/** The runtime of a pod a test seeds directly in a given phase (no kubelet runs it). */
export function seededRuntime(pod: WirePod, phase: PodPhase, hostIP: string, podIP: string): PodRuntime {
  const at = kubeTime();
  const containers = new Map<string, ContainerRuntime>();
  for (const c of pod.spec?.initContainers ?? []) containers.set(c.name, { state: seededState(phase, at, true), restartCount: 0 });
  for (const c of pod.spec?.containers ?? []) containers.set(c.name, { state: seededState(phase, at, false), restartCount: 0 });
  return { phase, scheduled: { status: 'True' }, sandboxReady: phase !== 'Succeeded' && phase !== 'Failed', startTime: at, hostIP, podIP, containers };
}
