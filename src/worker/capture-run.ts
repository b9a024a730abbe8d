import type { CaptureProgress } from '../capture/capture-progress.js';

/** Why a running capture's signal fired. */
export type StopReason =
  /** `/capture cancel` by this user: delete the pod, say who cancelled. */
  | { readonly kind: 'cancel'; readonly by: string }
  /** The worker shuts down: keep the pod and hand the job back for another worker. */
  | { readonly kind: 'shutdown' }
  /** Another worker owns the job now (this one lost its lock): keep the pod, report nothing. */
  | { readonly kind: 'lost' };

/** One attempt at a capture job, beyond the job itself: what earlier attempts did, and how to record progress. */
export interface CaptureRun {
  readonly progress: CaptureProgress;
  /** No attempt ran this job before (it was never retried, resumed or re-queued). */
  readonly firstAttempt: boolean;
  /** Merges change into the job's progress; best effort (a lost write only costs a resume). */
  save(change: Partial<CaptureProgress>): Promise<void>;
  stopReason(): StopReason | undefined;
}

/** A first attempt that records nothing (tests and callers without a queue). */
export const FRESH_RUN: CaptureRun = { progress: {}, firstAttempt: true, save: async () => {}, stopReason: () => undefined };
