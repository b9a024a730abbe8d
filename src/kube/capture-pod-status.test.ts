import { describe, expect, it } from 'vitest';
import { capturePodState, capturePodViewSchema } from './capture-pod-status.js';

type Json = Record<string, unknown>;

/** A capture pod as a watch event carries it (raw JSON, string times). */
function pod(status: Json, extra: Json = {}): unknown {
  return { metadata: { name: 'capture-x', resourceVersion: '42' }, spec: { activeDeadlineSeconds: 630 }, status, ...extra };
}

function capture(state: Json): Json {
  return { name: 'capture', image: 'docker.io/sysdig/sysdig:0.40.1', ready: false, restartCount: 0, state };
}

function holder(state: Json): Json {
  return { name: 'holder', image: 'docker.io/sysdig/sysdig:0.40.1', ready: false, restartCount: 0, state };
}

const stateOf = (raw: unknown) => capturePodState(capturePodViewSchema.parse(raw));

describe('capturePodState', () => {
  it('is starting while the pod is pending and the init container waits to start', () => {
    const raw = pod({ phase: 'Pending', initContainerStatuses: [capture({ waiting: { reason: 'PodInitializing' } })] });
    expect(stateOf(raw)).toEqual({ kind: 'starting' });
    expect(stateOf(pod({ phase: 'Pending' }))).toEqual({ kind: 'starting' });
  });

  it('is capturing from the time the init container started', () => {
    const raw = pod({ phase: 'Pending', initContainerStatuses: [capture({ running: { startedAt: '2019-02-14T11:05:29Z' } })] });
    expect(stateOf(raw)).toEqual({ kind: 'capturing', startedAt: new Date('2019-02-14T11:05:29Z') });
  });

  it('reads client-node models with Date fields the same way', () => {
    const startedAt = new Date('2019-02-14T11:05:29Z');
    const raw = pod({ phase: 'Pending', initContainerStatuses: [capture({ running: { startedAt } })] });
    expect(stateOf(raw)).toEqual({ kind: 'capturing', startedAt });
  });

  it('is captured once sysdig exited 0 and the holder that keeps the trace runs', () => {
    const exited = capture({ terminated: { exitCode: 0, reason: 'Completed' } });
    const holding = holder({ running: { startedAt: '2019-02-14T11:06:00Z' } });
    expect(stateOf(pod({ phase: 'Running', initContainerStatuses: [exited], containerStatuses: [holding] }))).toEqual({ kind: 'captured' });
  });

  it('waits between sysdig exiting and the holder starting: there is nothing to exec into yet', () => {
    const exited = capture({ terminated: { exitCode: 0, reason: 'Completed' } });
    expect(stateOf(pod({ phase: 'Pending', initContainerStatuses: [exited] }))).toEqual({ kind: 'handing-over' });
    const creating = holder({ waiting: { reason: 'PodInitializing' } });
    expect(stateOf(pod({ phase: 'Pending', initContainerStatuses: [exited], containerStatuses: [creating] }))).toEqual({ kind: 'handing-over' });
  });

  it('fails when the pod ends after sysdig but before the trace is read', () => {
    const exited = capture({ terminated: { exitCode: 0, reason: 'Completed' } });
    const killed = holder({ terminated: { exitCode: 137, reason: 'Error' } });
    expect(stateOf(pod({ phase: 'Failed', reason: 'DeadlineExceeded', initContainerStatuses: [exited], containerStatuses: [killed] }))).toEqual({
      kind: 'pod-failed',
      reason: 'sysdig finished, but the capture pod stopped before its trace could be read (DeadlineExceeded)',
    });
    expect(stateOf(pod({ phase: 'Running', initContainerStatuses: [exited], containerStatuses: [killed] }))).toEqual({
      kind: 'pod-failed',
      reason: 'sysdig finished, but the capture pod stopped before its trace could be read (the holder container exited with code 137)',
    });
    const stuck = holder({ waiting: { reason: 'CreateContainerError', message: 'no space left on device' } });
    expect(stateOf(pod({ phase: 'Pending', initContainerStatuses: [exited], containerStatuses: [stuck] }))).toEqual({
      kind: 'pod-failed',
      reason: 'sysdig finished, but the holder container could not start (CreateContainerError): no space left on device',
    });
  });

  it('reports a non-zero exit with the termination message', () => {
    const raw = pod({
      phase: 'Failed',
      initContainerStatuses: [capture({ terminated: { exitCode: 1, reason: 'Error', message: 'Unable to load the driver' } })],
    });
    expect(stateOf(raw)).toEqual({ kind: 'capture-failed', reason: 'sysdig exited with code 1', message: 'Unable to load the driver' });
  });

  it('says when sysdig ran out of memory', () => {
    const raw = pod({ phase: 'Failed', initContainerStatuses: [capture({ terminated: { exitCode: 137, reason: 'OOMKilled' } })] });
    expect(stateOf(raw)).toMatchObject({ kind: 'capture-failed', reason: expect.stringContaining('out of memory') });
  });

  it.each(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName'])('fails at once on %s, naming the image', (reason) => {
    const raw = pod({
      phase: 'Pending',
      initContainerStatuses: [capture({ waiting: { reason, message: 'pull access denied for sysdig/sysdg' } })],
    });
    expect(stateOf(raw)).toEqual({
      kind: 'pod-failed',
      reason: `the capture image docker.io/sysdig/sysdig:0.40.1 could not be pulled (${reason}): pull access denied for sysdig/sysdg`,
    });
  });

  it('fails at once when a container cannot be created', () => {
    const raw = pod({
      phase: 'Pending',
      initContainerStatuses: [capture({ waiting: { reason: 'CreateContainerConfigError', message: 'bad mount' } })],
    });
    expect(stateOf(raw)).toEqual({ kind: 'pod-failed', reason: 'the capture container could not start (CreateContainerConfigError): bad mount' });
  });

  it('fails at once when the pod cannot be scheduled', () => {
    const raw = pod({
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available' }],
    });
    expect(stateOf(raw)).toEqual({ kind: 'pod-failed', reason: 'the capture pod could not be scheduled (Unschedulable): 0/3 nodes are available' });
  });

  it('names the deadline when the pod ran out of time', () => {
    const raw = pod({ phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    expect(stateOf(raw)).toEqual({ kind: 'pod-failed', reason: 'the capture pod ran past its deadline of 630s before sysdig finished' });
  });

  it('names the deadline, not the kill, when the kubelet stopped sysdig at the deadline', () => {
    const raw = pod({
      phase: 'Failed',
      reason: 'DeadlineExceeded',
      initContainerStatuses: [capture({ terminated: { exitCode: 137, reason: 'Error', startedAt: '2019-02-14T11:05:29Z' } })],
    });
    expect(stateOf(raw)).toEqual({ kind: 'pod-failed', reason: 'the capture pod ran past its deadline of 630s before sysdig finished' });
  });

  it('passes on why the kubelet failed the pod (an eviction for a full emptyDir, say)', () => {
    const raw = pod({
      phase: 'Failed',
      reason: 'Evicted',
      message: 'Usage of EmptyDir volume "captures" exceeds the limit "2Gi".',
      initContainerStatuses: [capture({ running: { startedAt: '2019-02-14T11:05:29Z' } })],
    });
    expect(stateOf(raw)).toEqual({
      kind: 'pod-failed',
      reason: 'the capture pod failed (Evicted): Usage of EmptyDir volume "captures" exceeds the limit "2Gi".',
    });
  });

  it('treats a pod being deleted mid-capture as failed', () => {
    const raw = pod(
      { phase: 'Pending', initContainerStatuses: [capture({ running: { startedAt: '2019-02-14T11:05:29Z' } })] },
      { metadata: { name: 'capture-x', deletionTimestamp: '2019-02-14T11:05:40Z' } },
    );
    expect(stateOf(raw)).toEqual({ kind: 'pod-failed', reason: 'the capture pod was deleted before the capture finished' });
  });

  it('is not fooled by the holder waiting for the init container', () => {
    const raw = pod({
      phase: 'Pending',
      initContainerStatuses: [capture({ running: { startedAt: '2019-02-14T11:05:29Z' } })],
      containerStatuses: [holder({ waiting: { reason: 'PodInitializing' } })],
    });
    expect(stateOf(raw)).toMatchObject({ kind: 'capturing' });
  });
});
