import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { CAPTUREBOT, auditEventOf, type AuditTrail } from '../capture/audit-event.js';
import type { ExpiredApproval } from '../queue/approval-store.js';
import type { ApprovalOutcome } from '../queue/pending-approval.js';
import type { ExpiryAlarm } from '../requests/access-deps.js';
import { updateCard } from './update-card.js';

/** The part of the approval store the sweep uses. */
export interface ExpiringApprovals {
  whenReady(): Promise<void>;
  expireDue(nowMs: number, limit?: number): Promise<ExpiredApproval[]>;
  nextDeadline(): Promise<number | undefined>;
}

export interface ApprovalExpiryOptions {
  readonly store: ExpiringApprovals;
  readonly client: WebClient;
  readonly audit: AuditTrail;
  readonly log: Logger;
  readonly now: () => Date;
  /** A sweep this often whatever the timers say (approvals of another bot replica, missed timers). @defaultValue 30000 (milliseconds) */
  readonly sweepIntervalMs?: number;
}

const BATCH = 100;
// Redis and this process may disagree by a few ms on when a deadline has come.
const LATE_MS = 25;

/**
 * Ends approvals whose TTL passed: the card says so (buttons gone) and the
 * audit trail records it. A timer waits for the earliest deadline the store
 * knows of, so expiry needs no key-space notifications and survives a restart
 * (the first sweep reads the deadlines back); a periodic sweep backs it up.
 */
export class ApprovalExpiry implements ExpiryAlarm {
  readonly #options: ApprovalExpiryOptions;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;
  #interval: NodeJS.Timeout | undefined;
  #sweeping = false;
  #again = false;
  #stopped = false;

  constructor(options: ApprovalExpiryOptions) {
    this.#options = options;
  }

  start(): void {
    this.#interval = setInterval(() => this.sweepSoon(), this.#options.sweepIntervalMs ?? 30_000).unref();
    void this.#options.store.whenReady().then(() => this.sweepSoon());
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#interval);
    clearTimeout(this.#timer);
  }

  expectDeadline(deadlineMs: number): void {
    if (this.#stopped || deadlineMs >= this.#timerAt) return;
    clearTimeout(this.#timer);
    this.#timerAt = deadlineMs;
    const delay = Math.max(0, deadlineMs - this.#options.now().getTime()) + LATE_MS;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      this.sweepSoon();
    }, delay).unref();
  }

  sweepSoon(): void {
    if (this.#stopped) return;
    if (this.#sweeping) {
      this.#again = true;
      return;
    }
    this.#sweeping = true;
    void this.#sweep().finally(() => {
      this.#sweeping = false;
    });
  }

  async #sweep(): Promise<void> {
    const { store, log } = this.#options;
    try {
      let expired: ExpiredApproval[];
      do {
        this.#again = false;
        expired = await store.expireDue(this.#options.now().getTime(), BATCH);
        for (const one of expired) await this.#ended(one);
      } while ((this.#again || expired.length === BATCH) && !this.#stopped);
      const next = await store.nextDeadline();
      if (next !== undefined) this.expectDeadline(next);
    } catch (error) {
      log.warn({ err: error }, 'approval expiry sweep failed; the next sweep retries');
    }
  }

  async #ended({ captureId, approval }: ExpiredApproval): Promise<void> {
    const { client, audit, log, now } = this.#options;
    if (approval === undefined) {
      log.warn({ captureId }, 'approval expired, but its request is gone: its card cannot be updated');
      return;
    }
    const outcome: ApprovalOutcome = { kind: 'expired', by: CAPTUREBOT, at: now().toISOString() };
    await updateCard(client, approval, outcome, log);
    audit.record(auditEventOf(approval, 'expired', { who: CAPTUREBOT, rule: approval.rule, detail: { approvalExpiresAt: approval.expiresAt } }));
    log.info({ captureId }, 'approval expired');
  }
}
