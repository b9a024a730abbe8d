import type { CaptureSpec } from '../capture/capture-spec.js';
import type { CaptureRequestView } from './status-message.js';

/** Who asked for a capture, where and when, under which id. */
export interface RequestOrigin {
  readonly captureId: string;
  readonly requestedBy: string;
  readonly channel: string;
  readonly requestedAt: string;
}

/** A parsed command and where it came from, as the status message and the job carry it. */
export function captureRequestView(spec: CaptureSpec, origin: RequestOrigin): CaptureRequestView {
  return {
    captureId: origin.captureId,
    pod: spec.pod,
    ...(spec.target && { target: spec.target }),
    namespace: spec.namespace,
    durationSeconds: spec.durationSeconds,
    snaplen: spec.snaplen,
    driver: spec.driver,
    ...(spec.filter !== undefined && { filter: spec.filter }),
    requestedBy: origin.requestedBy,
    channel: origin.channel,
    requestedAt: origin.requestedAt,
  };
}
