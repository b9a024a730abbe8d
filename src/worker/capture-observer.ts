/**
 * Why a capture failed, as operators count it. A closed set, so that a
 * dashboard can list every series up front:
 * - target_not_found: the target pod is missing or not running;
 * - capture_failed: the capture pod or sysdig failed (driver, image, deadline, admission);
 * - upload_failed: the trace could not be read out of the pod or stored;
 * - kube_error: the Kubernetes API failed or refused a call;
 * - cancelled: the job was aborted while it ran;
 * - internal: anything else (the worker logs have it under the capture id).
 */
export const FAILURE_REASONS = ['target_not_found', 'capture_failed', 'upload_failed', 'kube_error', 'cancelled', 'internal'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** What the worker reports about the captures it runs; implemented by the metrics in src/ops/. */
export interface CaptureObserver {
  /** The worker asked for the capture pod: the capture begins (a resumed one is not counted again). */
  started(): void;
  /** A capture pod's capture ended well, `seconds` after the pod was asked for (pod start-up included). */
  captured(seconds: number): void;
  /** A trace is stored: its size and how long the upload took (once per node for a capture over several). */
  uploaded(bytes: number, seconds: number): void;
  /** The link is in the channel. */
  succeeded(): void;
  failed(reason: FailureReason): void;
}

/** For callers that do not count. */
export const UNOBSERVED: CaptureObserver = {
  started: () => {},
  captured: () => {},
  uploaded: () => {},
  succeeded: () => {},
  failed: () => {},
};
