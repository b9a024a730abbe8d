import type { CaptureJob, CapturePart } from '../capture/capture-job.js';
import type { CaptureProgress, FinalStatus } from '../capture/capture-progress.js';

/** A capture pod as the janitor sees it (from its labels, annotations and spec). */
export interface CapturePodRecord {
  readonly name: string;
  readonly captureId: string;
  /** One node's pod of a capture over several nodes. */
  readonly part?: CapturePart;
  readonly node: string | undefined;
  readonly createdAt: Date;
  /** spec.activeDeadlineSeconds. */
  readonly deadlineSeconds: number | undefined;
  /** Already being deleted. */
  readonly terminating: boolean;
  /** Where its status message is, from its annotations. */
  readonly channel: string | undefined;
  readonly statusTs: string | undefined;
}

/** How the delete of a listed pod went: 'already-gone' when the API server no longer had it (404). */
export type PodDeletion = 'deleted' | 'already-gone';

/** What the janitor needs from Kubernetes; implemented in src/kube/. */
export interface CapturePodReaper {
  listCapturePods(): Promise<CapturePodRecord[]>;
  /**
   * Deletes a listed pod by its own name: a pod carrying the capture labels
   * is the janitor's to remove whatever it is called.
   */
  deleteListedPod(pod: Pick<CapturePodRecord, 'name'>): Promise<PodDeletion>;
}

/** Where a capture's job stands in the queue; 'unknown' when the queue has no such job. */
export type JobStanding =
  | { readonly state: 'unknown' }
  | {
      readonly state: 'completed' | 'failed' | 'active' | 'waiting' | 'delayed' | 'prioritized' | 'waiting-children';
      /** Undefined when the job's data no longer parses. */
      readonly job: CaptureJob | undefined;
      readonly progress: CaptureProgress;
      readonly failedReason: string | undefined;
    };

/** A failed job whose status message never said so (its workers died, BullMQ failed it as stalled). */
export interface UnreportedFailure {
  readonly job: CaptureJob;
  readonly failedReason: string;
}

/** Looks capture jobs up; implemented over BullMQ. */
export interface JobLookup {
  standing(captureId: string): Promise<JobStanding>;
  /** Recently failed jobs with no final status shown in the channel. */
  unreportedFailures(): Promise<UnreportedFailure[]>;
  /** Records that the channel was shown status, so it is not shown again. */
  recordShown(captureId: string, status: FinalStatus): Promise<void>;
}

/** A pod the janitor removed (or found already gone), told to the capture's status message. */
export interface JanitorNotice {
  readonly captureId: string;
  readonly channel: string;
  readonly statusTs: string;
  /** Why it was removed, e.g. "its capture job had finished". */
  readonly why: string;
  readonly podName: string;
  readonly deletion: PodDeletion;
  readonly standing: JobStanding;
}

/** Says in the status message what the janitor cleaned up; implemented in src/slack/. */
export interface JanitorNotifier {
  podRemoved(notice: JanitorNotice): Promise<void>;
}
