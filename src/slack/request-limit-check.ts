import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { RateVerdict } from '../queue/request-rate-limit.js';
import type { CommandContext } from './request-capture.js';
import { formatUtc } from './mrkdwn.js';

/** MAX_REQUESTS_PER_USER_PER_HOUR; the Redis-backed RequestRateLimit in production. */
export interface RequestLimiter {
  take(userId: string, requestId: string): Promise<RateVerdict>;
}

export interface RequestLimitDeps {
  readonly requestLimit?: RequestLimiter;
  readonly log: Logger;
  readonly now: () => Date;
}

// The ack must come within 3 s even when Redis hangs: past this, the request goes through uncounted.
const CHECK_TIMEOUT_MS = 500;

export function requestLimitText(limit: number, retryAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  return (
    `:no_entry: You have made ${limit} capture requests in the last hour, the most one person may make ` +
    `(MAX_REQUESTS_PER_USER_PER_HOUR is ${limit}). Try again after ${formatUtc(retryAt)} (in ${minutes} min). Nothing was started.`
  );
}

/**
 * Counts the request against its user; when over the limit, refuses it in the
 * ack and returns true. If the count cannot be taken (Redis down), the
 * request goes on: queueing will say whether the queue is there.
 */
export async function refusedByRequestLimit(context: CommandContext, deps: RequestLimitDeps): Promise<boolean> {
  if (!deps.requestLimit) return false;
  let verdict: RateVerdict;
  try {
    verdict = await Promise.race([
      deps.requestLimit.take(context.userId, randomUUID()),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref()),
    ]);
  } catch (error) {
    deps.log.warn({ err: error, user: context.userId }, 'request limit could not be checked; request not counted');
    return false;
  }
  if (verdict.ok) return false;
  deps.log.info({ user: context.userId, limit: verdict.limit }, 'capture request refused: request limit reached');
  await context.ack({ response_type: 'ephemeral', text: requestLimitText(verdict.limit, verdict.retryAt, deps.now()) });
  return true;
}
