import type { TriageSummary } from '../triage/triage-summary.js';

/** One trace the summary was made from. */
export interface TriagedTrace {
  readonly fileName: string;
  readonly node: string;
}

/**
 * What the thread gets after the link: the summary of the trace (merged over
 * every node of a wide capture), or a short note on why there is none.
 */
export type TriageReport =
  | { readonly kind: 'summary'; readonly summary: TriageSummary; readonly traces: readonly TriagedTrace[] }
  | { readonly kind: 'unavailable'; readonly reason: string };
