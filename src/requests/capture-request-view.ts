import type { AlertOrigin, CaptureJob } from '../capture/capture-job.js';
import type { CaptureSpec } from '../capture/capture-spec.js';
import { DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import type { ResolvedTarget } from '../capture/target-resolution.js';

/** A capture as asked for, before its status message (whose ts the job carries) is posted. */
export type CaptureRequestView = Omit<CaptureJob, 'statusTs'>;

/** Who asked for a capture, where and when, under which id. */
export interface RequestOrigin {
  readonly captureId: string;
  readonly requestedBy: string;
  readonly channel: string;
  readonly requestedAt: string;
  /** The alert that asked, when no person did. */
  readonly alert?: AlertOrigin;
}

/**
 * A parsed command and where it came from, as the status message and the job
 * carry it; once resolved, its target is what the name turned out to be
 * (a workload, an exact pod), with the pods and nodes found.
 */
export function captureRequestView(spec: CaptureSpec, origin: RequestOrigin, resolved?: Pick<ResolvedTarget, 'pod' | 'target' | 'nodes'>): CaptureRequestView {
  const target = resolved ? resolved.target : spec.target;
  return {
    captureId: origin.captureId,
    pod: resolved?.pod ?? spec.pod,
    ...(target && { target }),
    ...(spec.container !== undefined && { container: spec.container }),
    ...(resolved && resolved.nodes.length > 0 && { resolved: resolved.nodes.map((entry) => ({ ...entry, pods: [...entry.pods], containerIds: [...(entry.containerIds ?? [])] })) }),
    namespace: spec.namespace,
    durationSeconds: spec.durationSeconds,
    snaplen: spec.snaplen,
    driver: spec.driver,
    ...(spec.filter !== undefined && { filter: spec.filter }),
    requestedBy: origin.requestedBy,
    channel: origin.channel,
    requestedAt: origin.requestedAt,
    ...(origin.alert && { alert: origin.alert }),
    // The default cluster is left out, so a one-cluster install's jobs are as they were.
    ...(spec.cluster !== undefined && spec.cluster !== DEFAULT_CLUSTER && { cluster: spec.cluster }),
  };
}
