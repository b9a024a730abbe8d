import type { NodePods } from './target-resolution.js';

export type { NodePods } from './target-resolution.js';

/**
 * A capture over several pods: what the target resolved to, node by node
 * (`node` then names every node, comma-separated).
 */
interface Resolved {
  readonly resolved?: readonly NodePods[];
  /** What changed since the request was approved, or during the capture (a rollout, a container restart). */
  readonly changes?: readonly string[];
}

/** Where a capture stands, as the channel's status message shows it. */
export type CaptureStatus =
  | { readonly stage: 'queued' }
  | ({ readonly stage: 'starting'; readonly node: string } & Resolved)
  | ({ readonly stage: 'capturing'; readonly node: string; readonly elapsedSeconds: number; readonly totalSeconds: number } & Resolved)
  /** Captured; the trace waits in its capture pod for one of the worker's MAX_UPLOADS turns (place 1: next). */
  | ({ readonly stage: 'upload-waiting'; readonly node: string; readonly place: number } & Resolved)
  | ({ readonly stage: 'uploading'; readonly node: string } & Resolved)
  /** The link is out; sysdig reads the trace in the capture pod for the summary. */
  | ({ readonly stage: 'summarising'; readonly node: string } & Resolved)
  | ({ readonly stage: 'done'; readonly node: string; readonly sizeBytes: number } & Resolved)
  | { readonly stage: 'failed'; readonly reason: string; readonly detail?: string }
  /** Queueing itself failed: nothing was started. */
  | { readonly stage: 'not-started'; readonly reason: string }
  /** Held back by a limit (MAX_CAPTURES_PER_NODE, MAX_CAPTURES); reason says which. */
  | { readonly stage: 'waiting'; readonly reason: string }
  /** `/capture cancel` by this Slack user. */
  | { readonly stage: 'cancelled'; readonly by: string };

/** What the channel gets when a capture is in S3. */
export interface CaptureArtifact {
  readonly url: string;
  readonly expiresAt: Date;
  readonly key: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly node: string;
  readonly durationSeconds: number;
  readonly snaplen: number;
  /**
   * A capture over several nodes: one artifact per node. The fields above
   * then describe the first, with the total size and every node named.
   */
  readonly parts?: readonly CaptureArtifact[];
}
