import { describe, expect, it } from 'vitest';
import { namedClusterProblem, searchOutcome } from './cluster-choice.js';
import type { ClusterLiveness } from './cluster-liveness.js';

const seen = new Date('2026-12-03T11:59:00.000Z');
const clusters: ClusterLiveness[] = [
  { name: 'prod-eu', live: true, lastSeen: seen, liveWorkers: 2 },
  { name: 'prod-us', live: false, lastSeen: seen, liveWorkers: 0 },
];

describe('a named cluster', () => {
  it('passes when a worker of it is live', () => {
    expect(namedClusterProblem('prod-eu', clusters)).toBeUndefined();
  });

  it('is unreachable, since its last heartbeat, when none is', () => {
    expect(namedClusterProblem('prod-us', clusters)).toEqual({ kind: 'unreachable-cluster', name: 'prod-us', lastSeen: seen });
  });

  it('is unknown, with the known ones listed, when no worker ever announced it', () => {
    expect(namedClusterProblem('staging', clusters)).toEqual({ kind: 'unknown-cluster', name: 'staging', known: ['prod-eu', 'prod-us'] });
    expect(namedClusterProblem('default', clusters)).toMatchObject({ kind: 'unknown-cluster' });
  });

  it('is the default one with no heartbeat at all, as before clusters had names', () => {
    expect(namedClusterProblem('default', [])).toBeUndefined();
  });
});

describe('looking for a target in every live cluster', () => {
  type Answer = { readonly kind: string; readonly resolution?: { readonly kind: 'resolved' | 'not-found' } };
  const resolved: Answer = { kind: 'answer', resolution: { kind: 'resolved' } };
  const missing: Answer = { kind: 'answer', resolution: { kind: 'not-found' } };
  const noWorker: Answer = { kind: 'no-worker' };

  it('takes the one cluster where it is found', () => {
    expect(searchOutcome([{ cluster: 'a', answer: missing }, { cluster: 'b', answer: resolved }])).toEqual({ kind: 'found', cluster: 'b', answer: resolved });
  });

  it('takes none when it is found in several', () => {
    expect(searchOutcome([{ cluster: 'b', answer: resolved }, { cluster: 'a', answer: resolved }, { cluster: 'c', answer: missing }])).toEqual({ kind: 'several', clusters: ['a', 'b'] });
  });

  it('gives every answer back when it is found nowhere', () => {
    const answers = [{ cluster: 'a', answer: missing }, { cluster: 'b', answer: noWorker }];
    expect(searchOutcome(answers)).toEqual({ kind: 'nowhere', answers });
  });
});
