import { Redis } from 'ioredis';
import { CLAIM_SCRIPT, EXPIRE_SCRIPT, PEEK_SCRIPT, REPLACE_SCRIPT } from './approval-scripts.js';
import { approvalOutcomeSchema, pendingApprovalSchema, type ApprovalOutcome, type PendingApproval } from './pending-approval.js';

/** Where an approval stands when someone clicks. */
export type ApprovalLookup =
  | { readonly kind: 'pending'; readonly approval: PendingApproval }
  /** Its TTL passed (the expiry sweep may not have updated the card yet). */
  | { readonly kind: 'expired' }
  | { readonly kind: 'decided'; readonly outcome: ApprovalOutcome }
  /** No such request, or one ended so long ago that its outcome is forgotten. */
  | { readonly kind: 'unknown' };

export type ApprovalClaim = { readonly kind: 'claimed'; readonly approval: PendingApproval } | Exclude<ApprovalLookup, { kind: 'pending' }>;

/** One approval that ran out: its request, when still known, to update the card. */
export interface ExpiredApproval {
  readonly captureId: string;
  readonly approval?: PendingApproval;
}

const OUTCOME_KEEP_MS = 7 * 86_400_000;

type ScriptReply = [string, string?];

/**
 * Pending approvals in Redis. Each lives under its own key with the
 * approval TTL; a sorted set of deadlines lets the bot find the ones that
 * ran out, also after a restart. Every decision is an atomic claim.
 */
export class ApprovalStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redisUrl: string, queuePrefix: string) {
    this.#redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    this.#redis.on('error', () => {}); // reconnects by itself; callers see failed commands
    this.#prefix = `${queuePrefix}:approvals`;
  }

  /** Resolves once connected; commands sent before that fail at once rather than wait. */
  async whenReady(): Promise<void> {
    if (this.#redis.status === 'ready') return;
    await new Promise<void>((resolve) => this.#redis.once('ready', () => resolve()));
  }

  #keys(captureId: string): [string, string, string, string] {
    const p = this.#prefix;
    return [`${p}:pending:${captureId}`, `${p}:deadlines`, `${p}:outcome:${captureId}`, `${p}:requests`];
  }

  /** Stores a new pending approval; it expires `ttlMs` from `nowMs`. */
  async add(approval: PendingApproval, nowMs: number, ttlMs: number): Promise<void> {
    const data = JSON.stringify(pendingApprovalSchema.parse(approval));
    const [pending, deadlines, , requests] = this.#keys(approval.captureId);
    await this.#redis
      .multi()
      .set(pending, data, 'PX', ttlMs)
      .hset(requests, approval.captureId, data)
      .zadd(deadlines, nowMs + ttlMs, approval.captureId)
      .exec();
  }

  /** Records the card's ts on a still-pending approval (its TTL unchanged); false when it already ended. */
  async attachCard(approval: PendingApproval, cardTs: string): Promise<boolean> {
    const [pending, , , requests] = this.#keys(approval.captureId);
    const data = JSON.stringify(pendingApprovalSchema.parse({ ...approval, cardTs }));
    return (await this.#redis.eval(REPLACE_SCRIPT, 2, pending, requests, approval.captureId, data)) === 1;
  }

  async peek(captureId: string, nowMs: number): Promise<ApprovalLookup> {
    const reply = (await this.#redis.eval(PEEK_SCRIPT, 4, ...this.#keys(captureId), captureId, nowMs)) as ScriptReply;
    if (reply[0] === 'pending') return { kind: 'pending', approval: pendingApprovalSchema.parse(JSON.parse(reply[1]!)) };
    return this.#notPending(reply);
  }

  /** Takes the approval for one decision; exactly one caller gets 'claimed'. */
  async claim(captureId: string, outcome: ApprovalOutcome, nowMs: number): Promise<ApprovalClaim> {
    const data = JSON.stringify(approvalOutcomeSchema.parse(outcome));
    const reply = (await this.#redis.eval(CLAIM_SCRIPT, 4, ...this.#keys(captureId), captureId, nowMs, data, OUTCOME_KEEP_MS)) as ScriptReply;
    if (reply[0] === 'claimed') return { kind: 'claimed', approval: pendingApprovalSchema.parse(JSON.parse(reply[1]!)) };
    return this.#notPending(reply);
  }

  /** Removes an approval whose card could not be posted, so nothing waits for it. */
  async discard(captureId: string): Promise<void> {
    const [pending, deadlines, , requests] = this.#keys(captureId);
    await this.#redis.multi().del(pending).zrem(deadlines, captureId).hdel(requests, captureId).exec();
  }

  /** Ends every approval whose deadline passed by `nowMs` (at most `limit`), each taken by exactly one sweeper. */
  async expireDue(nowMs: number, limit = 100): Promise<ExpiredApproval[]> {
    const due = await this.#redis.zrangebyscore(`${this.#prefix}:deadlines`, '-inf', nowMs, 'LIMIT', 0, limit);
    const outcome = JSON.stringify({ kind: 'expired', by: 'capturebot', at: new Date(nowMs).toISOString() } satisfies ApprovalOutcome);
    const expired: ExpiredApproval[] = [];
    for (const captureId of due) {
      const reply = (await this.#redis.eval(EXPIRE_SCRIPT, 4, ...this.#keys(captureId), captureId, nowMs, outcome, OUTCOME_KEEP_MS)) as string | null;
      if (reply === null) continue;
      const parsed = reply === '' ? undefined : pendingApprovalSchema.safeParse(JSON.parse(reply));
      expired.push({ captureId, ...(parsed?.success && { approval: parsed.data }) });
    }
    return expired;
  }

  /** The earliest deadline still pending (ms), to set a timer after a restart; undefined when none is. */
  async nextDeadline(): Promise<number | undefined> {
    const [, score] = (await this.#redis.zrange(`${this.#prefix}:deadlines`, 0, '0', 'WITHSCORES')) as string[];
    return score === undefined ? undefined : Number(score);
  }

  /** How many approvals are still pending at `nowMs` (for the metrics). */
  async pendingCount(nowMs: number): Promise<number> {
    return this.#redis.zcount(`${this.#prefix}:deadlines`, `(${nowMs}`, '+inf');
  }

  #notPending(reply: ScriptReply): Exclude<ApprovalLookup, { kind: 'pending' }> {
    if (reply[0] === 'expired') return { kind: 'expired' };
    if (reply[0] === 'decided') {
      const outcome = approvalOutcomeSchema.parse(JSON.parse(reply[1]!));
      return outcome.kind === 'expired' ? { kind: 'expired' } : { kind: 'decided', outcome };
    }
    return { kind: 'unknown' };
  }

  async close(): Promise<void> {
    this.#redis.disconnect();
  }
}
