import type { Redis } from 'ioredis';
import { clustersFrom, type ClusterLiveness } from '../clusters/cluster-liveness.js';
import { FORGET_AFTER_MS, workerHeartbeatSchema, type WorkerHeartbeat } from '../clusters/worker-heartbeat.js';
import { robustnessKeys } from './robustness-keys.js';

/** Where the bot learns the clusters; a port, so the request path can be tested without Redis. */
export interface ClusterDirectory {
  clusters(): Promise<ClusterLiveness[]>;
}

/**
 * The workers' heartbeats, one hash field per worker process. A worker that
 * stops leaves its last heartbeat behind, so its cluster reads as unreachable
 * since then rather than unknown; a week later a reader drops it.
 */
export class RedisWorkerRegistry implements ClusterDirectory {
  readonly #key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#key = robustnessKeys(prefix).workers;
  }

  async beat(heartbeat: WorkerHeartbeat): Promise<void> {
    await this.redis.hset(this.#key, heartbeat.workerId, JSON.stringify(workerHeartbeatSchema.parse(heartbeat)));
  }

  async heartbeats(): Promise<WorkerHeartbeat[]> {
    const fields = await this.redis.hgetall(this.#key);
    const nowMs = this.now().getTime();
    const beats: WorkerHeartbeat[] = [];
    const stale: string[] = [];
    for (const [workerId, text] of Object.entries(fields)) {
      const parsed = workerHeartbeatSchema.safeParse(safeJson(text));
      if (parsed.success && nowMs - parsed.data.lastSeenMs <= FORGET_AFTER_MS) beats.push(parsed.data);
      else stale.push(workerId);
    }
    if (stale.length > 0) await this.redis.hdel(this.#key, ...stale);
    return beats;
  }

  async clusters(): Promise<ClusterLiveness[]> {
    return clustersFrom(await this.heartbeats(), this.now());
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
