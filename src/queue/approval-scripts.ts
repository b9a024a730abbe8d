/**
 * The approval store's Redis scripts. Each runs atomically, so of two clicks
 * (or a click and the expiry sweep) exactly one takes a pending approval.
 *
 * Keys: 1 the pending approval (JSON, expires with APPROVAL_TTL), 2 the
 * deadlines sorted set (capture id scored by its deadline in ms), 3 the
 * outcome (JSON, kept a week so late clicks get a precise answer), 4 the hash
 * of requests by capture id (kept past the TTL so the expiry sweep can still
 * update the card).
 */

/** The answer for an approval that is not (or no longer) pending: expired, decided or unknown. */
const NOT_PENDING = `
local function not_pending()
  if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return {'expired'} end
  local outcome = redis.call('GET', KEYS[3])
  if outcome then return {'decided', outcome} end
  return {'unknown'}
end
local function is_due()
  local deadline = redis.call('ZSCORE', KEYS[2], ARGV[1])
  return deadline and tonumber(deadline) <= tonumber(ARGV[2])
end
`;

/** ARGV: capture id, now (ms). Returns {'pending', json} or the not-pending answer. */
export const PEEK_SCRIPT = `${NOT_PENDING}
local json = redis.call('GET', KEYS[1])
if not json or is_due() then return not_pending() end
return {'pending', json}
`;

/** ARGV: capture id, now (ms), outcome JSON, outcome lifetime (ms). Returns {'claimed', json} or the not-pending answer. */
export const CLAIM_SCRIPT = `${NOT_PENDING}
local json = redis.call('GET', KEYS[1])
if not json or is_due() then return not_pending() end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[4])
return {'claimed', json}
`;

/**
 * ARGV: capture id, now (ms), outcome JSON, outcome lifetime (ms). Ends an
 * approval whose deadline has passed; returns its request JSON ('' when the
 * copy is gone), or false when it is not due or already ended.
 */
export const EXPIRE_SCRIPT = `
local deadline = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not deadline or tonumber(deadline) > tonumber(ARGV[2]) then return false end
local json = redis.call('HGET', KEYS[4], ARGV[1]) or ''
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[4])
return json
`;

/** Keys: 1 pending, 2 requests hash. ARGV: capture id, new JSON. Replaces a still-pending approval's JSON, keeping its TTL. */
export const REPLACE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
`;
