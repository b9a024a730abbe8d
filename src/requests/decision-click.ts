/** A click on an approval card's Approve or Deny button, as the door parsed it. */
export interface DecisionClick {
  readonly action: 'approve' | 'deny';
  readonly captureId: string;
  /** The command the button carried, checked against the stored request. */
  readonly command?: string;
  readonly userId: string;
  /** The card clicked, when the door knows. */
  readonly channelId?: string;
  readonly messageTs?: string;
}

/** The reason for a denial, submitted. */
export interface DenyDecision {
  readonly captureId: string;
  readonly channel: string;
  readonly cardTs: string;
  readonly userId: string;
  /** Trimmed; absent when left empty. */
  readonly reason?: string;
}
