import type { Redis } from 'ioredis';
import { robustnessKeys } from './robustness-keys.js';

/** Which count a limit keeps, over how long a sliding window. */
export interface LimitWindow {
  readonly ms: number;
  readonly counts: 'requests' | 'commands';
}

/** MAX_REQUESTS_PER_USER_PER_HOUR: capture requests. */
export const REQUEST_WINDOW: LimitWindow = { ms: 3_600_000, counts: 'requests' };
/** MAX_COMMANDS_PER_USER_PER_MINUTE: list, status, cancel and fresh-link clicks. */
export const COMMAND_WINDOW: LimitWindow = { ms: 60_000, counts: 'commands' };

/** KEYS: the user's set. ARGV: now, window start, limit, member, ttl ms. Returns {1, count} or {0, oldest}. */
const TAKE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local count = redis.call('ZCARD', KEYS[1])
if count >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(oldest[2])}
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {1, count + 1}
`;

export type RateVerdict =
  | { readonly ok: true }
  /** retryAt: when the oldest request in the window leaves it. */
  | { readonly ok: false; readonly limit: number; readonly retryAt: Date };

/**
 * A per-user limit over a sliding window (MAX_REQUESTS_PER_USER_PER_HOUR by
 * default, MAX_COMMANDS_PER_USER_PER_MINUTE with COMMAND_WINDOW), in Redis so
 * that it holds across bot restarts and bot replicas. take() counts a request
 * if it is allowed, and throws when Redis cannot say: callers refuse then.
 */
export class RequestRateLimit {
  readonly #keys: ReturnType<typeof robustnessKeys>;
  #answeredOnce = false;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly perWindow: number,
    private readonly now: () => number = Date.now,
    private readonly window: LimitWindow = REQUEST_WINDOW,
  ) {
    this.#keys = robustnessKeys(prefix);
  }

  async take(userId: string, requestId: string): Promise<RateVerdict> {
    // The ack waits on this. Once Redis has answered, a connection that is not ready means it is away
    // (reconnecting, or between attempts): fail at once rather than queue until the caller gives up.
    // Only the very first connection is waited for.
    if (this.redis.status !== 'ready' && (this.#answeredOnce || this.redis.status === 'reconnecting')) {
      throw new Error(`Redis is not connected (${this.redis.status})`);
    }
    const now = this.now();
    const { ms } = this.window;
    const key = this.window.counts === 'commands' ? this.#keys.commands(userId) : this.#keys.requests(userId);
    const [allowed, value] = (await this.redis.eval(TAKE, 1, key, now, now - ms, this.perWindow, requestId, ms)) as [number, number];
    this.#answeredOnce = true;
    if (allowed === 1) return { ok: true };
    return { ok: false, limit: this.perWindow, retryAt: new Date(value + ms) };
  }
}
