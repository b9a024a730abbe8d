import { setTimeout as delay } from 'node:timers/promises';
import { httpStatus } from './kube-errors.js';

const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

/** About 8 s of retries in all: an API server restart or a throttled burst, not an outage. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 250, maxMs: 4_000 };

/** A failure that may well pass if tried again: 429, 5xx, or the connection failing. */
export function isTransient(err: unknown): boolean {
  const status = httpStatus(err);
  if (status !== undefined) return TRANSIENT_STATUSES.has(status);
  let cause: unknown = err;
  for (let depth = 0; depth < 4 && typeof cause === 'object' && cause !== null; depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/** Runs call, retrying transient failures with exponential backoff; the last failure is thrown as it is. */
export async function withApiRetry<T>(call: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= policy.attempts || !isTransient(err)) throw err;
      await delay(Math.min(policy.baseMs * 2 ** (attempt - 1), policy.maxMs));
    }
  }
}
