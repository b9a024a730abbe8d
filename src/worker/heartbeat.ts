import type { Logger } from 'pino';
import { conflictingApiServers } from '../clusters/cluster-liveness.js';
import { HEARTBEAT_INTERVAL_MS, type WorkerHeartbeat } from '../clusters/worker-heartbeat.js';

/** The registry a worker announces itself in (RedisWorkerRegistry). */
export interface HeartbeatRegistry {
  beat(heartbeat: WorkerHeartbeat): Promise<void>;
  heartbeats(): Promise<WorkerHeartbeat[]>;
}

export interface HeartbeatOptions {
  readonly registry: HeartbeatRegistry;
  readonly cluster: string;
  readonly workerId: string;
  readonly apiServer: string;
  readonly log: Logger;
  readonly intervalMs?: number;
  readonly now?: () => Date;
}

/**
 * Writes this worker's heartbeat now and every HEARTBEAT_INTERVAL_MS, so the
 * bot knows its cluster is live. When other live workers of the same
 * CLUSTER_NAME reach another API server, both clusters would take the same
 * jobs: that is logged as an error (once per set of servers), and the worker
 * goes on, since refusing to start would take down the cluster that is right.
 */
export function startHeartbeat(options: HeartbeatOptions): { readonly stop: () => void } {
  const now = options.now ?? (() => new Date());
  let reported = '';
  const beat = async () => {
    const own: WorkerHeartbeat = { cluster: options.cluster, workerId: options.workerId, apiServer: options.apiServer, lastSeenMs: now().getTime() };
    await options.registry.beat(own);
    const others = conflictingApiServers(own, await options.registry.heartbeats(), now());
    const key = others.join(' ');
    if (key !== '' && key !== reported) {
      options.log.error(
        { cluster: options.cluster, apiServer: options.apiServer, otherApiServers: others },
        `CLUSTER_NAME ${options.cluster} is also used by live workers that reach another API server (${others.join(', ')}; this one reaches ${options.apiServer}): both take the same jobs. Give each cluster its own CLUSTER_NAME.`,
      );
    }
    reported = key;
  };
  const tick = () => void beat().catch((error: unknown) => options.log.warn({ err: error }, 'heartbeat could not be written; the next one retries'));
  tick();
  const timer = setInterval(tick, options.intervalMs ?? HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
