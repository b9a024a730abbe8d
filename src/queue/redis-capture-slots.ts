import { DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import type { Redis } from 'ioredis';
import type { CaptureSlots, SlotGrant, SlotLease } from '../worker/capture-slots-port.js';
import { robustnessKeys } from './robustness-keys.js';

/**
 * KEYS: node set, all set. ARGV: capture id, now, lease expiry, per-node limit, total limit, force.
 * Expired leases (a crashed worker's) are dropped first; a capture already holding a slot keeps it.
 */
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
if ARGV[6] ~= '1' and not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  local onNode = redis.call('ZCARD', KEYS[1])
  if onNode >= tonumber(ARGV[4]) then return {'node', onNode} end
  local total = redis.call('ZCARD', KEYS[2])
  if total >= tonumber(ARGV[5]) then return {'total', total} end
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return {'ok', 0}
`;

export interface SlotLimits {
  readonly perNode: number;
  readonly total: number;
  /** How long a lease lives unless renewed; renewed at a third of it. */
  readonly leaseMs?: number;
  /** CLUSTER_NAME: slots are counted per cluster (unset or default: the keys of a one-cluster install). */
  readonly cluster?: string;
}

/** A dead worker's slot frees within this; a live one renews every third of it. */
const DEFAULT_LEASE_MS = 30_000;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Capture slots as Redis sorted sets of leases, shared by every worker on the same Redis and prefix. */
export class RedisCaptureSlots implements CaptureSlots {
  readonly #keys: { readonly nodeSlots: (node: string) => string; readonly allSlots: string };
  readonly #leaseMs: number;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly limits: SlotLimits,
    private readonly now: () => number = Date.now,
  ) {
    const keys = robustnessKeys(prefix);
    this.#keys = limits.cluster === undefined || limits.cluster === DEFAULT_CLUSTER ? keys : keys.clusterSlots(limits.cluster);
    this.#leaseMs = limits.leaseMs ?? DEFAULT_LEASE_MS;
  }

  async acquire(captureId: string, node: string, options: { readonly force?: boolean } = {}): Promise<SlotGrant> {
    const [verdict, count] = (await this.#run(captureId, node, options.force === true)) as [string, number];
    if (verdict === 'node') {
      return { ok: false, waitingFor: `node ${node} already runs ${plural(count, 'capture')} (MAX_CAPTURES_PER_NODE is ${this.limits.perNode})` };
    }
    if (verdict === 'total') {
      return { ok: false, waitingFor: `${count === 1 ? '1 capture already runs' : `${count} captures already run`} (MAX_CAPTURES is ${this.limits.total})` };
    }
    return { ok: true, lease: this.#lease(captureId, node) };
  }

  /** Whether a live worker holds a slot for captureId (a lease it keeps renewing). */
  async isHeld(captureId: string): Promise<boolean> {
    const expiry = await this.redis.zscore(this.#keys.allSlots, captureId);
    return expiry !== null && Number(expiry) > this.now();
  }

  #run(captureId: string, node: string, force: boolean): Promise<unknown> {
    const now = this.now();
    return this.redis.eval(
      ACQUIRE,
      2,
      this.#keys.nodeSlots(node),
      this.#keys.allSlots,
      captureId,
      now,
      now + this.#leaseMs,
      this.limits.perNode,
      this.limits.total,
      force ? '1' : '0',
    );
  }

  #lease(captureId: string, node: string): SlotLease {
    // A renewal re-asserts the slot (force): if Redis lost it meanwhile, the running capture still holds it.
    const timer = setInterval(() => void this.#run(captureId, node, true).catch(() => {}), Math.max(1, Math.floor(this.#leaseMs / 3)));
    timer.unref();
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(timer);
        await this.redis.zrem(this.#keys.nodeSlots(node), captureId);
        await this.redis.zrem(this.#keys.allSlots, captureId);
      },
    };
  }
}
