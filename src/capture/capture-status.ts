/** Where a capture stands, as the channel's status message shows it. */
export type CaptureStatus =
  | { readonly stage: 'queued' }
  | { readonly stage: 'starting'; readonly node: string }
  | { readonly stage: 'capturing'; readonly node: string; readonly elapsedSeconds: number; readonly totalSeconds: number }
  | { readonly stage: 'uploading'; readonly node: string }
  /** The link is out; sysdig reads the trace in the capture pod for the summary. */
  | { readonly stage: 'summarising'; readonly node: string }
  | { readonly stage: 'done'; readonly node: string; readonly sizeBytes: number }
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
}
