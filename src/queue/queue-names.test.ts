import { describe, expect, it } from 'vitest';
import { CAPTURE_QUEUE, clusterQueue, JANITOR_QUEUE, RELINK_QUEUE, RESOLVE_QUEUE } from './queue-names.js';

describe('queue names', () => {
  it('keeps the names of a one-cluster install for the default cluster', () => {
    expect(([CAPTURE_QUEUE, RESOLVE_QUEUE, RELINK_QUEUE, JANITOR_QUEUE] as const).map((base) => clusterQueue(base, 'default'))).toEqual(['captures', 'resolves', 'relinks', 'capture-janitor']);
  });

  it("gives every other cluster its own queues", () => {
    expect(clusterQueue(CAPTURE_QUEUE, 'prod-eu')).toBe('captures@prod-eu');
    expect(clusterQueue(RESOLVE_QUEUE, 'staging')).toBe('resolves@staging');
  });
});
