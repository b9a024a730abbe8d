import type { CaptureJob } from './capture-job.js';
import type { Driver } from './driver.js';
import { targetWords } from './capture-target.js';
import { DEFAULT_CLUSTER } from './cluster-name.js';

/** Everything the audit trail records, one event per line. */
export const AUDIT_EVENTS = [
  'requested',
  'refused',
  'approved',
  'denied',
  'expired',
  'started',
  'finished',
  'failed',
  'link-issued',
  /** A capture stopped or taken out of the queue by someone allowed to; who asked for it is `who`. */
  'cancelled',
  /** New links to a finished capture's traces, shown to `who` alone. */
  'fresh-link-issued',
  /** Someone tried what they may not (cancel, fresh link, a decision from another channel); nothing changed. */
  'action-refused',
  /** A worker would not run a job: unsigned, altered, expired or past its own hard limits. */
  'worker-refused',
] as const;
export type AuditEventKind = (typeof AUDIT_EVENTS)[number];

/** What an `action-refused` event says was tried. */
export type RefusedAction = 'cancel' | 'fresh-link' | 'approve' | 'deny';

/** `who` for what capturebot did by itself (an expiry, a refusal of a malformed command). */
export const CAPTUREBOT = 'capturebot';

/** What was asked for. */
export interface AuditTarget {
  /** The pod; for a workload, label selector or node, the subject its files are named after. */
  readonly pod: string;
  /** A workload, label selector or node, as the command named it: `deploy/web`, `-l app=web`, `node/node-a`. */
  readonly selection?: string;
  readonly namespace: string;
  /** Any cluster but the default one (a one-cluster install's lines stay as they were). */
  readonly cluster?: string;
  readonly durationSeconds: number;
  readonly snaplen: number;
  readonly driver: Driver;
  readonly filter?: string;
}

/** Event-specific facts; never a presigned link (it is a credential), only its object key and expiry. */
export interface AuditDetail {
  readonly reason?: string;
  /** Who may approve (user and group ids), for a request that waits for approval. */
  readonly approvers?: readonly string[];
  /** ISO-8601: when a pending approval expires. */
  readonly approvalExpiresAt?: string;
  readonly node?: string;
  readonly key?: string;
  /** ISO-8601: when the issued link stops working. */
  readonly linkExpiresAt?: string;
  readonly sizeBytes?: number;
  readonly sha256?: string;
  /** For `action-refused`: what was tried. */
  readonly action?: RefusedAction;
  /** Where an action came from, when that is not the capture's channel. */
  readonly fromChannel?: string;
  /** For `cancelled`: `queued` (taken out of the queue, nothing ran) or `running` (its worker was told to stop). */
  readonly stage?: 'queued' | 'running';
}

/** One audited fact: which capture, who did what, where, and the policy rule that decided. */
export interface AuditEvent {
  readonly event: AuditEventKind;
  readonly captureId: string;
  /** The Slack user who acted (requester, approver, denier), or CAPTUREBOT. */
  readonly who: string;
  readonly requester: string;
  /** The channel the request was typed in. */
  readonly channel: string;
  /** Absent only when the command itself could not be read. */
  readonly target?: AuditTarget;
  /** The policy rule that decided, as users are told it. */
  readonly rule?: string;
  readonly approvedBy?: string;
  readonly detail?: AuditDetail;
  /** For a capture an alert asked for (requester `alertmanager/<rule>`): the alert's name and fingerprint. */
  readonly alert?: { readonly alertname: string; readonly fingerprint: string };
}

/**
 * Where audit events go. `record` never throws and never waits: an audit sink
 * that is down must not stop a capture (its failures are logged instead).
 */
export interface AuditTrail {
  record(event: AuditEvent): void;
}

/** The request facts an audit event repeats. */
export type AuditedRequest = Pick<
  CaptureJob,
  'captureId' | 'pod' | 'namespace' | 'durationSeconds' | 'snaplen' | 'driver' | 'filter' | 'requestedBy' | 'channel' | 'target' | 'alert' | 'cluster'
>;

export interface AuditExtras {
  /** Default: the requester. */
  readonly who?: string;
  readonly rule?: string;
  readonly approvedBy?: string;
  readonly detail?: AuditDetail;
}

/** An event about one request: who asked for what, where, plus what this event adds. */
export function auditEventOf(request: AuditedRequest, event: AuditEventKind, extras: AuditExtras = {}): AuditEvent {
  return {
    event,
    captureId: request.captureId,
    who: extras.who ?? request.requestedBy,
    requester: request.requestedBy,
    channel: request.channel,
    target: {
      pod: request.pod,
      ...(request.target !== undefined && { selection: targetWords(request.target) }),
      namespace: request.namespace,
      ...(request.cluster !== undefined && request.cluster !== DEFAULT_CLUSTER && { cluster: request.cluster }),
      durationSeconds: request.durationSeconds,
      snaplen: request.snaplen,
      driver: request.driver,
      ...(request.filter !== undefined && { filter: request.filter }),
    },
    ...(extras.rule !== undefined && { rule: extras.rule }),
    ...(extras.approvedBy !== undefined && { approvedBy: extras.approvedBy }),
    ...(extras.detail !== undefined && { detail: extras.detail }),
    ...(request.alert !== undefined && { alert: { alertname: request.alert.alertname, fingerprint: request.alert.fingerprint } }),
  };
}
