import type { Redis } from 'ioredis';
import { robustnessKeys } from './robustness-keys.js';

const HOUR_MS = 3_600_000;

/**
 * KEYS: fingerprint key, the rule's starts, the rule's note flag.
 * ARGV: capture id, cooldown ms, now, max per hour.
 * Returns {'repeat', capture id} | {'over', 'note'|'quiet'} | {'new'}.
 */
const CLAIM = `
local earlier = redis.call('GET', KEYS[1])
if earlier then return {'repeat', earlier} end
local now = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ${HOUR_MS})
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  local freesIn = math.max(1, tonumber(oldest[2]) + ${HOUR_MS} - now)
  if redis.call('SET', KEYS[3], '1', 'NX', 'PX', freesIn) then return {'over', 'note'} end
  return {'over', 'quiet'}
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ${HOUR_MS})
return {'new'}
`;

/** KEYS: fingerprint key, the rule's starts. ARGV: capture id. Only the claim's own capture id is released. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`;

export type AlertClaim =
  /** A new alert: capture it under this id. */
  | { readonly kind: 'new' }
  /** The same fingerprint within the cooldown: it is the capture already started. */
  | { readonly kind: 'repeat'; readonly captureId: string }
  /** The rule started maxPerHour captures in the last hour; `note`: this is the first refusal of the window. */
  | { readonly kind: 'over-limit'; readonly note: boolean };

/**
 * One capture per alert fingerprint within the rule's cooldown, and at most
 * maxPerHour per rule, counted in Redis so that a bot restart or a second
 * replica does not capture twice.
 */
export class AlertLedger {
  readonly #keys: ReturnType<typeof robustnessKeys>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.#keys = robustnessKeys(prefix);
  }

  async claim(rule: { readonly name: string; readonly cooldownMs: number; readonly maxPerHour: number }, fingerprint: string, captureId: string): Promise<AlertClaim> {
    const keys = [this.#keys.alertCapture(rule.name, fingerprint), this.#keys.alertStarts(rule.name), this.#keys.alertNote(rule.name)];
    const answer = (await this.redis.eval(CLAIM, keys.length, ...keys, captureId, rule.cooldownMs, this.now(), rule.maxPerHour)) as string[];
    if (answer[0] === 'repeat') return { kind: 'repeat', captureId: String(answer[1]) };
    if (answer[0] === 'over') return { kind: 'over-limit', note: answer[1] === 'note' };
    return { kind: 'new' };
  }

  /**
   * Forgets a claim whose capture could not even be asked for (no worker
   * answered, Redis went away): Alertmanager's next repeat of the alert then
   * tries again instead of being taken for a capture that never ran.
   */
  async release(rule: string, fingerprint: string, captureId: string): Promise<void> {
    await this.redis.eval(RELEASE, 2, this.#keys.alertCapture(rule, fingerprint), this.#keys.alertStarts(rule), captureId);
  }

  /** The capture this rule started for the fingerprint, while its cooldown lasts. */
  async captureOf(rule: string, fingerprint: string): Promise<string | undefined> {
    return (await this.redis.get(this.#keys.alertCapture(rule, fingerprint))) ?? undefined;
  }
}
