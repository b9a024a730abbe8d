import { describe, expect, it } from 'vitest';
import { clustersFrom, conflictingApiServers, liveClusterNames } from './cluster-liveness.js';
import type { WorkerHeartbeat } from './worker-heartbeat.js';

const NOW = new Date('2026-12-03T12:00:00.000Z');
const ago = (seconds: number) => NOW.getTime() - seconds * 1000;
const beat = (cluster: string, workerId: string, secondsAgo: number, apiServer = `https://${cluster}.example:6443`): WorkerHeartbeat => ({
  cluster,
  workerId,
  apiServer,
  lastSeenMs: ago(secondsAgo),
});

describe('which clusters are live', () => {
  it('knows a cluster from its workers, live while one of them wrote within 30 s', () => {
    const clusters = clustersFrom([beat('prod-eu', 'w1', 5), beat('prod-eu', 'w2', 45), beat('staging', 's1', 30)], NOW);
    expect(clusters).toEqual([
      { name: 'prod-eu', live: true, lastSeen: new Date(ago(5)), liveWorkers: 1 },
      { name: 'staging', live: true, lastSeen: new Date(ago(30)), liveWorkers: 1 },
    ]);
  });

  it('holds a cluster with no heartbeat for more than 30 s unreachable since its newest one', () => {
    const clusters = clustersFrom([beat('prod-us', 'u1', 31), beat('prod-us', 'u2', 600)], NOW);
    expect(clusters).toEqual([{ name: 'prod-us', live: false, lastSeen: new Date(ago(31)), liveWorkers: 0 }]);
    expect(liveClusterNames(clusters)).toEqual([]);
  });

  it('forgets workers silent for more than a week', () => {
    expect(clustersFrom([beat('old', 'o1', 8 * 86_400)], NOW)).toEqual([]);
  });

  it('lists the live ones by name', () => {
    expect(liveClusterNames(clustersFrom([beat('b', 'x', 1), beat('a', 'y', 2), beat('c', 'z', 90)], NOW))).toEqual(['a', 'b']);
  });
});

describe('two clusters under one name', () => {
  it("names the other API servers this cluster's live workers reach", () => {
    const own = beat('prod-eu', 'w1', 0, 'https://a:6443');
    const beats = [own, beat('prod-eu', 'w2', 3, 'https://b:6443'), beat('prod-eu', 'w3', 3, 'https://a:6443'), beat('prod-eu', 'w4', 90, 'https://c:6443'), beat('staging', 's', 1, 'https://d:6443')];
    expect(conflictingApiServers(own, beats, NOW)).toEqual(['https://b:6443']);
  });

  it('finds none when they agree', () => {
    const own = beat('prod-eu', 'w1', 0);
    expect(conflictingApiServers(own, [own, beat('prod-eu', 'w2', 1)], NOW)).toEqual([]);
  });
});
