import type { CaptureSpec } from '../capture/capture-spec.js';
import type { TargetRequest } from '../capture/resolve-target.js';

/** What a worker is asked to resolve for a spec. */
export function targetRequest(spec: CaptureSpec): TargetRequest {
  return {
    namespace: spec.namespace,
    pod: spec.pod,
    ...(spec.target && { target: spec.target }),
    ...(spec.exactPod && { exactPod: true }),
    ...(spec.container !== undefined && { container: spec.container }),
  };
}
