import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { ownedByWorkload } from './workload-owner.js';

function pod(owner: { kind: string; name: string; controller?: boolean } | undefined, labels: Record<string, string> = {}): V1Pod {
  return {
    metadata: {
      name: 'p',
      labels,
      ...(owner && { ownerReferences: [{ apiVersion: 'apps/v1', uid: 'u', controller: owner.controller ?? true, kind: owner.kind, name: owner.name }] }),
    },
  };
}

describe('ownedByWorkload', () => {
  it.each([
    ['deployment web owns a pod of ReplicaSet web-5967c66fb4 with that hash', pod({ kind: 'ReplicaSet', name: 'web-5967c66fb4' }, { 'pod-template-hash': '5967c66fb4' }), 'deployment', 'web', true],
    ['a ReplicaSet of another deployment whose name starts the same', pod({ kind: 'ReplicaSet', name: 'web-api-5967c66fb4' }, { 'pod-template-hash': '5967c66fb4' }), 'deployment', 'web', false],
    ['a ReplicaSet without the pod-template-hash label (not made by a deployment)', pod({ kind: 'ReplicaSet', name: 'web-5967c66fb4' }), 'deployment', 'web', false],
    ['statefulset db owns its pod directly', pod({ kind: 'StatefulSet', name: 'db' }), 'statefulset', 'db', true],
    ['a statefulset of another name', pod({ kind: 'StatefulSet', name: 'db2' }), 'statefulset', 'db', false],
    ['daemonset agent owns its pod directly', pod({ kind: 'DaemonSet', name: 'agent' }), 'daemonset', 'agent', true],
    ['a daemonset pod is not a statefulset pod', pod({ kind: 'DaemonSet', name: 'agent' }), 'statefulset', 'agent', false],
    ['a reference that is not the controller', pod({ kind: 'StatefulSet', name: 'db', controller: false }), 'statefulset', 'db', false],
    ['a bare pod', pod(undefined), 'deployment', 'web', false],
  ] as const)('%s → %s', (_what, subject, kind, name, owned) => {
    expect(ownedByWorkload(subject, kind, name)).toBe(owned);
  });
});
