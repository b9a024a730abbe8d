import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { RedisOutage } from '../queue/redis-outage.js';
import type { RateVerdict } from '../queue/request-rate-limit.js';
import type { CommandContext } from './command-context.js';
import { formatUtc } from './mrkdwn.js';

/** MAX_REQUESTS_PER_USER_PER_HOUR or MAX_COMMANDS_PER_USER_PER_MINUTE; the Redis-backed RequestRateLimit in production. */
export interface RequestLimiter {
  take(userId: string, requestId: string): Promise<RateVerdict>;
}

export interface RequestLimitDeps {
  readonly requestLimit?: RequestLimiter;
  /** list, status and cancel (and fresh-link clicks) count here. */
  readonly commandLimit?: RequestLimiter;
  /** Where a count that could not be taken goes: logged once per outage, not once per request. */
  readonly outage?: RedisOutage;
  readonly log: Logger;
  readonly now: () => Date;
}

// A hung Redis must not leave the person waiting: past this, the command is refused, never let through uncounted.
const CHECK_TIMEOUT_MS = 500;

export const LIMIT_UNCHECKED_TEXT =
  ':warning: Not started: I could not check the request limit; nothing was started. The queue (Redis) did not answer in time: try again in a moment.';

/** LIMIT_UNCHECKED_TEXT, saying since when during an outage (the bot reconnects by itself). */
export function uncheckedText(outage: RedisOutage | undefined): string {
  const since = outage?.since;
  if (!since) return LIMIT_UNCHECKED_TEXT;
  return `:warning: Not started: I could not check the request limit; nothing was started. The queue (Redis) has not answered since ${formatUtc(since)}: try again in a few minutes.`;
}

export function requestLimitText(limit: number, retryAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  return (
    `:no_entry: You have made ${limit} capture requests in the last hour, the most one person may make ` +
    `(MAX_REQUESTS_PER_USER_PER_HOUR is ${limit}). Try again after ${formatUtc(retryAt)} (in ${minutes} min). Nothing was started.`
  );
}

export function commandLimitText(limit: number, retryAt: Date, now: Date): string {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  return `:no_entry: You have sent ${limit} capturebot commands in the last minute, the most one person may send (MAX_COMMANDS_PER_USER_PER_MINUTE is ${limit}). Try again in ${seconds} s. Nothing was done.`;
}

/** The verdict, or undefined when Redis did not give one within CHECK_TIMEOUT_MS. */
async function takeInTime(limiter: RequestLimiter, userId: string, deps: RequestLimitDeps): Promise<RateVerdict | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const verdict = await Promise.race([
      limiter.take(userId, randomUUID()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref();
      }),
    ]);
    deps.outage?.over();
    return verdict;
  } catch (error) {
    if (deps.outage) deps.outage.refused(error);
    else deps.log.warn({ err: error, user: userId }, 'request limit could not be checked; refused');
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Counts the request against its user; when over the limit, or when the count
 * cannot be taken (Redis slow or down: a limit that lets requests through then
 * is no limit), refuses it and returns true.
 */
export async function refusedByRequestLimit(context: CommandContext, deps: RequestLimitDeps): Promise<boolean> {
  if (!deps.requestLimit) return false;
  const verdict = await takeInTime(deps.requestLimit, context.userId, deps);
  if (!verdict) {
    await context.answer({ response_type: 'ephemeral', text: uncheckedText(deps.outage) });
    return true;
  }
  if (verdict.ok) return false;
  deps.log.info({ user: context.userId, limit: verdict.limit }, 'capture request refused: request limit reached');
  await context.answer({ response_type: 'ephemeral', text: requestLimitText(verdict.limit, verdict.retryAt, deps.now()) });
  return true;
}

/** Why a list, status, cancel or fresh-link click of this user is refused now (over MAX_COMMANDS_PER_USER_PER_MINUTE, or unchecked), or undefined. */
export async function commandLimitRefusal(userId: string, deps: RequestLimitDeps): Promise<string | undefined> {
  if (!deps.commandLimit) return undefined;
  const verdict = await takeInTime(deps.commandLimit, userId, deps);
  if (!verdict) return uncheckedText(deps.outage);
  if (verdict.ok) return undefined;
  deps.log.info({ user: userId, limit: verdict.limit }, 'command refused: command limit reached');
  return commandLimitText(verdict.limit, verdict.retryAt, deps.now());
}

/** commandLimitRefusal for a typed command: the refusal is its answer. */
export async function refusedByCommandLimit(context: CommandContext, deps: RequestLimitDeps): Promise<boolean> {
  const refusal = await commandLimitRefusal(context.userId, deps);
  if (refusal === undefined) return false;
  await context.answer({ response_type: 'ephemeral', text: refusal });
  return true;
}
