/** A slot a running capture holds; it is renewed while held and expires if its worker dies. */
export interface SlotLease {
  release(): Promise<void>;
}

export type SlotGrant =
  | { readonly ok: true; readonly lease: SlotLease }
  /** waitingFor: what it waits for, for the status message ("node node-a already runs 1 capture …"). */
  | { readonly ok: false; readonly waitingFor: string };

/** The limits on captures running at once (MAX_CAPTURES_PER_NODE, MAX_CAPTURES); implemented in src/queue/. */
export interface CaptureSlots {
  /**
   * Takes a slot for captureId on node, unless a limit is reached. A capture
   * that holds one already (a resumed job) keeps it; force takes one whatever
   * the limits, for a capture whose pod already runs.
   */
  acquire(captureId: string, node: string, options?: { readonly force?: boolean }): Promise<SlotGrant>;
}
