import type { Logger } from 'pino';
import type { AuditTrail } from '../capture/audit-event.js';
import type { CaptureLimits } from '../capture/capture-spec.js';
import type { GroupMembership, Policy } from '../policy/index.js';
import type { ApprovalClaim, ApprovalLookup } from '../queue/approval-store.js';
import type { ApprovalOutcome, PendingApproval } from '../queue/pending-approval.js';

/** The policy in force; it changes when the file does. */
export interface CurrentPolicy {
  current(): Policy | undefined;
}

/** Members of Slack user groups; SlackUserGroups in production. */
export interface GroupDirectory {
  membership(groupIds: readonly string[]): Promise<GroupMembership>;
  /** Slack's error for a group id it does not know, as of the last lookup: a policy mistake. */
  unknownToSlack?(groupId: string): string | undefined;
}

/** Pending approvals; the Redis ApprovalStore in production. */
export interface PendingApprovals {
  add(approval: PendingApproval, nowMs: number, ttlMs: number): Promise<void>;
  attachCard(approval: PendingApproval, cardTs: string): Promise<boolean>;
  discard(captureId: string): Promise<void>;
  peek(captureId: string, nowMs: number): Promise<ApprovalLookup>;
  claim(captureId: string, outcome: ApprovalOutcome, nowMs: number): Promise<ApprovalClaim>;
}

/** Wakes the expiry sweep when a deadline comes; ApprovalExpiry in production. */
export interface ExpiryAlarm {
  expectDeadline(deadlineMs: number): void;
  /** Sweeps now: a click found an approval whose deadline passed. */
  sweepSoon(): void;
}

/** What deciding who may capture, and asking for approvals, needs. */
export interface AccessDeps {
  readonly policy: CurrentPolicy;
  readonly groups: GroupDirectory;
  readonly approvals: PendingApprovals;
  readonly expiry: ExpiryAlarm;
  readonly audit: AuditTrail;
  readonly approvalTtlSeconds: number;
  readonly limits: CaptureLimits;
  readonly log: Logger;
  readonly now: () => Date;
}
