import { FORGET_AFTER_MS, UNREACHABLE_AFTER_MS, type WorkerHeartbeat } from './worker-heartbeat.js';

/** One cluster as the bot knows it from its workers' heartbeats. */
export interface ClusterLiveness {
  readonly name: string;
  /** A worker wrote a heartbeat within UNREACHABLE_AFTER_MS. */
  readonly live: boolean;
  /** The newest heartbeat of any of its workers. */
  readonly lastSeen: Date;
  /** Its workers heard from within UNREACHABLE_AFTER_MS. */
  readonly liveWorkers: number;
}

const isLive = (beat: WorkerHeartbeat, nowMs: number) => nowMs - beat.lastSeenMs <= UNREACHABLE_AFTER_MS;

/** Every cluster a worker announced within FORGET_AFTER_MS, by name: live, or unreachable since its last heartbeat. */
export function clustersFrom(beats: readonly WorkerHeartbeat[], now: Date): ClusterLiveness[] {
  const nowMs = now.getTime();
  const byName = new Map<string, WorkerHeartbeat[]>();
  for (const beat of beats) {
    if (nowMs - beat.lastSeenMs > FORGET_AFTER_MS) continue;
    byName.set(beat.cluster, [...(byName.get(beat.cluster) ?? []), beat]);
  }
  return [...byName.entries()]
    .map(([name, own]) => {
      const liveWorkers = own.filter((beat) => isLive(beat, nowMs)).length;
      return { name, live: liveWorkers > 0, lastSeen: new Date(Math.max(...own.map((beat) => beat.lastSeenMs))), liveWorkers };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The live clusters' names, by name. */
export function liveClusterNames(clusters: readonly ClusterLiveness[]): string[] {
  return clusters.filter((cluster) => cluster.live).map((cluster) => cluster.name);
}

/**
 * The API servers other live workers of this worker's cluster reach, when
 * they differ from its own: two clusters under one CLUSTER_NAME would take
 * each other's jobs. Empty when all agree.
 */
export function conflictingApiServers(own: WorkerHeartbeat, beats: readonly WorkerHeartbeat[], now: Date): string[] {
  const others = beats.filter((beat) => beat.cluster === own.cluster && beat.workerId !== own.workerId && isLive(beat, now.getTime()));
  return [...new Set(others.map((beat) => beat.apiServer).filter((server) => server !== own.apiServer))].sort();
}
