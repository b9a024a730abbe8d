/** How `/capture cancel` reaches the workers; implemented over Redis in src/queue/. */
export interface CancelSignals {
  /** The Slack user who cancelled captureId, if anyone did (it may not have started yet). */
  cancelledBy(captureId: string): Promise<string | undefined>;
  /** Calls onCancel with each capture id cancelled from now on; resolves to an unsubscribe. */
  subscribe(onCancel: (captureId: string) => void): Promise<() => void>;
}
