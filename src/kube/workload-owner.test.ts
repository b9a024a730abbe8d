import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { podOwner, podWorkload } from './workload-owner.js';

function pod(owner: { kind: string; name: string; controller?: boolean } | undefined, labels: Record<string, string> = {}): V1Pod {
  return {
    metadata: {
      name: 'p',
      labels,
      ...(owner && { ownerReferences: [{ apiVersion: 'apps/v1', uid: 'u', controller: owner.controller ?? true, kind: owner.kind, name: owner.name }] }),
    },
  };
}

describe('podWorkload', () => {
  it.each([
    ['a pod of ReplicaSet web-5967c66fb4 with that hash is deployment web’s', pod({ kind: 'ReplicaSet', name: 'web-5967c66fb4' }, { 'pod-template-hash': '5967c66fb4' }), { kind: 'deployment', name: 'web' }],
    ['a deployment whose name has dashes', pod({ kind: 'ReplicaSet', name: 'web-api-5967c66fb4' }, { 'pod-template-hash': '5967c66fb4' }), { kind: 'deployment', name: 'web-api' }],
    ['a ReplicaSet without the pod-template-hash label is a bare one', pod({ kind: 'ReplicaSet', name: 'web-5967c66fb4' }), { kind: 'replicaset', name: 'web-5967c66fb4' }],
    ['a ReplicaSet whose name does not end in its hash is a bare one', pod({ kind: 'ReplicaSet', name: 'frontend' }, { 'pod-template-hash': 'abc123' }), { kind: 'replicaset', name: 'frontend' }],
    ['statefulset db owns its pod directly', pod({ kind: 'StatefulSet', name: 'db' }), { kind: 'statefulset', name: 'db' }],
    ['daemonset agent owns its pod directly', pod({ kind: 'DaemonSet', name: 'agent' }), { kind: 'daemonset', name: 'agent' }],
    ['job migrate owns its pod directly', pod({ kind: 'Job', name: 'migrate' }), { kind: 'job', name: 'migrate' }],
    ['a reference that is not the controller', pod({ kind: 'StatefulSet', name: 'db', controller: false }), undefined],
    ['a controller kind /capture does not name', pod({ kind: 'Rollout', name: 'web' }), undefined],
    ['a bare pod', pod(undefined), undefined],
  ] as const)('%s', (_what, subject, workload) => {
    expect(podWorkload(subject)).toEqual(workload);
  });

  it('keeps the ReplicaSet as the direct owner of a deployment’s pod', () => {
    expect(podOwner(pod({ kind: 'ReplicaSet', name: 'web-5967c66fb4' }, { 'pod-template-hash': '5967c66fb4' }))).toEqual({ kind: 'replicaset', name: 'web-5967c66fb4' });
  });
});
