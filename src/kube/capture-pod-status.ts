import { z } from 'zod';
import { CAPTURE_CONTAINER, HOLDER_CONTAINER } from './capture-pod.js';

// Only the fields read here. Watch events carry raw JSON (string times) and
// reads carry client-node models (Date): coercion accepts both.
const time = z.coerce.date().nullish();
const text = z.string().nullish();

const containerStatusSchema = z.object({
  name: z.string(),
  image: text,
  state: z
    .object({
      waiting: z.object({ reason: text, message: text }).nullish(),
      running: z.object({ startedAt: time }).nullish(),
      terminated: z.object({ exitCode: z.number(), reason: text, message: text, startedAt: time }).nullish(),
    })
    .nullish(),
});

export const capturePodViewSchema = z.object({
  metadata: z.object({ resourceVersion: text, deletionTimestamp: time }).nullish(),
  spec: z.object({ activeDeadlineSeconds: z.number().nullish() }).nullish(),
  status: z
    .object({
      phase: text,
      reason: text,
      message: text,
      conditions: z.array(z.object({ type: z.string(), status: z.string(), reason: text, message: text })).nullish(),
      initContainerStatuses: z.array(containerStatusSchema).nullish(),
      containerStatuses: z.array(containerStatusSchema).nullish(),
    })
    .nullish(),
});

export type CapturePodView = z.infer<typeof capturePodViewSchema>;

/** Where the capture stands, read off the capture pod. */
export type CapturePodState =
  | { readonly kind: 'starting' }
  /** startedAt is missing only if the API server left it out. */
  | { readonly kind: 'capturing'; readonly startedAt: Date | undefined }
  /** sysdig finished; the holder container that keeps the trace readable is not running yet. */
  | { readonly kind: 'handing-over' }
  | { readonly kind: 'captured' }
  /** sysdig exited non-zero: its log tail is worth fetching. */
  | { readonly kind: 'capture-failed'; readonly reason: string; readonly message?: string }
  | { readonly kind: 'pod-failed'; readonly reason: string };

/** Waiting reasons that will not clear up by themselves within a capture's lifetime. */
const STUCK_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

function withMessage(summary: string, message: string | null | undefined): string {
  return message ? `${summary}: ${message}` : summary;
}

function captureExited(exitCode: number, reason: string | null | undefined): string {
  if (reason === 'OOMKilled') return `sysdig ran out of memory and was killed (exit code ${exitCode})`;
  return `sysdig exited with code ${exitCode}`;
}

/**
 * After sysdig exits 0 the trace is read by exec into the holder container,
 * which the kubelet starts a moment later: until it runs there is nothing to exec into.
 */
function traceHandOver(view: CapturePodView): CapturePodState {
  const status = view.status;
  const holder = status?.containerStatuses?.find((c) => c.name === HOLDER_CONTAINER);
  if (holder?.state?.running) return { kind: 'captured' };
  const lost = 'sysdig finished, but the capture pod stopped before its trace could be read';
  if (status?.phase === 'Failed' || status?.phase === 'Succeeded') {
    return { kind: 'pod-failed', reason: status.reason ? `${lost} (${status.reason})` : lost };
  }
  if (holder?.state?.terminated) return { kind: 'pod-failed', reason: `${lost} (the ${HOLDER_CONTAINER} container exited with code ${holder.state.terminated.exitCode})` };
  const waiting = holder?.state?.waiting;
  if (waiting?.reason && STUCK_REASONS.has(waiting.reason)) {
    return { kind: 'pod-failed', reason: withMessage(`sysdig finished, but the ${HOLDER_CONTAINER} container could not start (${waiting.reason})`, waiting.message) };
  }
  if (view.metadata?.deletionTimestamp) return { kind: 'pod-failed', reason: lost };
  return { kind: 'handing-over' };
}

/** Reads the capture pod's state; a pure function of what the API server reports. */
export function capturePodState(view: CapturePodView): CapturePodState {
  const status = view.status;
  const capture = status?.initContainerStatuses?.find((c) => c.name === CAPTURE_CONTAINER);
  const terminated = capture?.state?.terminated;
  if (terminated?.exitCode === 0) return traceHandOver(view);
  // When the kubelet ends the pod (deadline, eviction) it kills sysdig too: its reason says why, the 137 does not.
  if (status?.phase === 'Failed' && status.reason) {
    if (status.reason === 'DeadlineExceeded') {
      const limit = view.spec?.activeDeadlineSeconds;
      return { kind: 'pod-failed', reason: `the capture pod ran past its deadline${limit ? ` of ${limit}s` : ''} before sysdig finished` };
    }
    return { kind: 'pod-failed', reason: withMessage(`the capture pod failed (${status.reason})`, status.message) };
  }
  if (terminated) {
    return {
      kind: 'capture-failed',
      reason: captureExited(terminated.exitCode, terminated.reason),
      ...(terminated.message ? { message: terminated.message } : {}),
    };
  }
  if (status?.phase === 'Failed') return { kind: 'pod-failed', reason: withMessage('the capture pod failed', status.message) };
  if (view.metadata?.deletionTimestamp) {
    return { kind: 'pod-failed', reason: 'the capture pod was deleted before the capture finished' };
  }
  for (const c of [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])]) {
    const waiting = c.state?.waiting;
    if (waiting?.reason && STUCK_REASONS.has(waiting.reason)) {
      const what = waiting.reason.includes('Image')
        ? `the capture image${c.image ? ` ${c.image}` : ''} could not be pulled`
        : `the ${c.name} container could not start`;
      return { kind: 'pod-failed', reason: withMessage(`${what} (${waiting.reason})`, waiting.message) };
    }
  }
  const scheduled = status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return { kind: 'pod-failed', reason: withMessage('the capture pod could not be scheduled (Unschedulable)', scheduled.message) };
  }
  const running = capture?.state?.running;
  if (running) return { kind: 'capturing', startedAt: running.startedAt ?? undefined };
  return { kind: 'starting' };
}
