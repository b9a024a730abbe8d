import type { CaptureSpec } from '../capture/capture-spec.js';
import type { ResolutionNote, TargetResolution } from '../capture/target-resolution.js';
import type { ApprovalClaim } from '../queue/approval-store.js';
import type { CancelOutcome } from '../queue/capture-cancel.js';
import type { PendingApproval } from '../queue/pending-approval.js';
import type { ResolveAnswer } from '../queue/resolve-queue.js';
import type { CaptureRequestView } from './capture-request-view.js';

/**
 * What the use cases say to whoever asked or clicked, worded by the door's
 * adapter (Slack mrkdwn in production): the use cases decide what happened,
 * never how it reads.
 */
export interface RequestTexts {
  policyRefusal(reason: string, corrected?: string): string;
  resolveFailed(answer: Exclude<ResolveAnswer, { kind: 'answer' }>): string;
  unresolved(failure: Exclude<TargetResolution, { kind: 'resolved' }>, spec: CaptureSpec): string;
  accepted(request: CaptureRequestView, notes: readonly ResolutionNote[]): string;
  /** The status message could not be posted; `error` is what the board threw. */
  cannotPost(captureId: string, error: unknown): string;
  approvalRequested(approval: PendingApproval, notes: readonly ResolutionNote[]): string;
  approvalNotStored(captureId: string): string;
  approvalNotPosted(captureId: string, error: unknown): string;
  notPending(captureId: string, claim: Exclude<ApprovalClaim, { kind: 'claimed' }>): string;
  mismatchedButton(captureId: string): string;
  notAllowed(reason: string): string;
  decidedElsewhere(approval: PendingApproval): string;
  policyNowRefuses(reason: string): string;
  stillBeingPosted(): string;
  denyDialogFailed(error: unknown): string;
  denied(approval: PendingApproval, by: string, reason: string | undefined): string;
  cancelUnavailable(): string;
  cancelFailed(captureId: string): string;
  cancelOutcome(captureId: string, outcome: CancelOutcome): string;
  /** `--cluster NAME` (or the channel's default) names no cluster a worker announced. */
  unknownCluster(name: string, known: readonly string[]): string;
  /** No worker of the cluster wrote a heartbeat for 30 s. */
  unreachableCluster(name: string, lastSeen: Date): string;
  /** The target resolves in more than one cluster: which, and the commands that name one. */
  foundInSeveralClusters(spec: CaptureSpec, clusters: readonly string[]): string;
  /** The target resolves in no live cluster: what each said. */
  foundInNoCluster(spec: CaptureSpec, answers: readonly { readonly cluster: string; readonly answer: ResolveAnswer }[]): string;
}
