import { describe, expect, it } from 'vitest';
import type { ClusterPod } from './cluster-pod.js';
import { elsewhere, resolveTarget } from './resolve-target.js';

const NS = 'ticket-generator';
let serial = 0;

function pod(name: string, options: Partial<ClusterPod> & { deployment?: string; hash?: string } = {}): ClusterPod {
  serial += 1;
  const id = serial.toString(16).padStart(12, '0');
  const { deployment, hash = '5967c66fb4', ...rest } = options;
  return {
    name,
    namespace: NS,
    node: 'node-a',
    phase: 'Running',
    status: 'Running',
    containers: [{ name: 'app', id, running: true, restartCount: 0 }],
    ...(deployment && { owner: { kind: 'replicaset', name: `${deployment}-${hash}` }, workload: { kind: 'deployment', name: deployment } }),
    ...rest,
  };
}

const balancer = pod('ticket-balancer-5967c66fb4-qnzj6', { deployment: 'ticket-balancer', containers: [{ name: 'haproxy', id: '5255305a76e4', running: true, restartCount: 0 }] });
const server = pod('ticket-server-56c75bf88b-nqpcs', { deployment: 'ticket-server', hash: '56c75bf88b', node: 'node-b', containers: [{ name: 'app', id: 'b3aebba43b70', running: true, restartCount: 0 }] });
const incident = [balancer, server];

describe('resolving a bare NAME', () => {
  it('takes a workload’s name as its running pods, with their nodes and container ids', () => {
    expect(resolveTarget({ namespace: NS, pod: 'ticket-balancer' }, incident)).toEqual({
      kind: 'resolved',
      pod: 'deployment-ticket-balancer',
      target: { kind: 'deployment', name: 'ticket-balancer' },
      nodes: [{ node: 'node-a', pods: ['ticket-balancer-5967c66fb4-qnzj6'], containerIds: ['5255305a76e4'] }],
      notes: [{ kind: 'workload', name: 'ticket-balancer', workload: { kind: 'deployment', name: 'ticket-balancer' } }],
    });
  });

  it('takes an exact pod name first, and says when it is also a workload’s name', () => {
    const web = pod('web', { owner: { kind: 'statefulset', name: 'other' } });
    const webSet = pod('web-0', { owner: { kind: 'statefulset', name: 'web' }, workload: { kind: 'statefulset', name: 'web' } });
    const resolved = resolveTarget({ namespace: NS, pod: 'web' }, [web, webSet]);
    expect(resolved).toMatchObject({ kind: 'resolved', pod: 'web', nodes: [{ pods: ['web'] }] });
    expect(resolved.kind === 'resolved' && resolved.target).toBeFalsy();
    expect(resolved).toMatchObject({ notes: [{ kind: 'pod-over-workload', workloads: [{ kind: 'statefulset', name: 'web' }] }] });
  });

  it('takes a ReplicaSet’s name (the start of its pods’ names) as that ReplicaSet', () => {
    const old = pod('ticket-balancer-5967c66fb4-aaaaa', { deployment: 'ticket-balancer' });
    const fresh = pod('ticket-balancer-7f8d9c6b5-bbbbb', { deployment: 'ticket-balancer', hash: '7f8d9c6b5' });
    expect(resolveTarget({ namespace: NS, pod: 'ticket-balancer-5967c66fb4' }, [old, fresh])).toMatchObject({
      kind: 'resolved',
      target: { kind: 'replicaset', name: 'ticket-balancer-5967c66fb4' },
      nodes: [{ pods: ['ticket-balancer-5967c66fb4-aaaaa'] }],
    });
  });

  it('takes the start of one pod’s name as that pod', () => {
    expect(resolveTarget({ namespace: NS, pod: 'ticket-server-56c75bf88b-nq' }, incident)).toMatchObject({
      kind: 'resolved',
      pod: 'ticket-server-56c75bf88b-nqpcs',
      nodes: [{ node: 'node-b', containerIds: ['b3aebba43b70'] }],
      notes: [{ kind: 'prefix', pods: 1 }],
    });
  });

  it('takes the start of several pods’ names, all of one workload, as those pods only', () => {
    const sts = (name: string) => pod(name, { owner: { kind: 'statefulset', name: 'web' }, workload: { kind: 'statefulset', name: 'web' } });
    const resolved = resolveTarget({ namespace: NS, pod: 'web-1' }, [sts('web-0'), sts('web-1x'), sts('web-1y')]);
    expect(resolved).toMatchObject({ kind: 'resolved', target: { kind: 'prefix', prefix: 'web-1', workload: { kind: 'statefulset', name: 'web' } } });
    expect(resolved.kind === 'resolved' && resolved.nodes.flatMap((entry) => entry.pods)).toEqual(['web-1x', 'web-1y']);
  });

  it('refuses a start of names shared by several workloads, listing them', () => {
    expect(resolveTarget({ namespace: NS, pod: 'ticket-' }, incident)).toMatchObject({
      kind: 'ambiguous',
      candidates: [
        { kind: 'deployment', name: 'ticket-balancer', pods: 1 },
        { kind: 'deployment', name: 'ticket-server', pods: 1 },
      ],
    });
  });

  it('refuses a name two kinds of workload share, listing both', () => {
    const a = pod('web-abc12', { owner: { kind: 'daemonset', name: 'web' }, workload: { kind: 'daemonset', name: 'web' } });
    const b = pod('web-0', { owner: { kind: 'statefulset', name: 'web' }, workload: { kind: 'statefulset', name: 'web' } });
    expect(resolveTarget({ namespace: NS, pod: 'web' }, [a, b])).toMatchObject({ kind: 'ambiguous', candidates: [{ kind: 'daemonset' }, { kind: 'statefulset' }] });
  });

  it('says which pods a workload has, and their status, when none runs', () => {
    const pending = pod('api-5967c66fb4-aaaaa', { deployment: 'api', phase: 'Pending', status: 'ImagePullBackOff' });
    const crashing = pod('api-5967c66fb4-bbbbb', { deployment: 'api', status: 'CrashLoopBackOff', phase: 'Running', containers: [{ name: 'app', id: 'cccccccccccc', running: false, restartCount: 7 }] });
    expect(resolveTarget({ namespace: NS, pod: 'api' }, [pending, crashing])).toMatchObject({
      kind: 'not-running',
      what: { kind: 'deployment', name: 'api' },
      pods: [
        { name: 'api-5967c66fb4-aaaaa', status: 'ImagePullBackOff' },
        { name: 'api-5967c66fb4-bbbbb', status: 'CrashLoopBackOff' },
      ],
    });
  });

  it('offers what exists for a typo, workloads first', () => {
    const resolved = resolveTarget({ namespace: NS, pod: 'ticket-balacner' }, incident);
    expect(resolved).toMatchObject({ kind: 'not-found', looked: 'name', suggestions: [{ kind: 'deployment', name: 'ticket-balancer', pods: 1 }] });
  });

  it('offers at most three suggestions, and none that are far off', () => {
    const many = ['web-a', 'web-b', 'web-c', 'web-d'].map((name) => pod(`${name}-5967c66fb4-zzzzz`, { deployment: name }));
    const resolved = resolveTarget({ namespace: NS, pod: 'web-x' }, many);
    expect(resolved.kind === 'not-found' && resolved.suggestions.map((s) => s.name)).toEqual(['web-a', 'web-b', 'web-c']);
    const none = resolveTarget({ namespace: NS, pod: 'postgres' }, many);
    expect(none.kind === 'not-found' && none.suggestions).toEqual([]);
  });

  it('never resolves to a pod with no running container id (it could not be scoped)', () => {
    const starting = pod('web-1', { containers: [{ name: 'app', running: false, restartCount: 0 }] });
    expect(resolveTarget({ namespace: NS, pod: 'web-1' }, [starting]).kind).toBe('not-running');
  });
});

describe('resolving with -c CONTAINER', () => {
  const twoContainers = pod('web-1', {
    containers: [
      { name: 'app', id: 'aaaaaaaaaaaa', running: true, restartCount: 0 },
      { name: 'envoy', id: 'eeeeeeeeeeee', running: true, restartCount: 0 },
    ],
  });

  it('scopes to that container alone', () => {
    expect(resolveTarget({ namespace: NS, pod: 'web-1', container: 'envoy' }, [twoContainers])).toMatchObject({ nodes: [{ containerIds: ['eeeeeeeeeeee'] }] });
    expect(resolveTarget({ namespace: NS, pod: 'web-1' }, [twoContainers])).toMatchObject({ nodes: [{ containerIds: ['aaaaaaaaaaaa', 'eeeeeeeeeeee'] }] });
  });

  it('names the containers there are when it names none of them', () => {
    expect(resolveTarget({ namespace: NS, pod: 'web-1', container: 'nginx' }, [twoContainers])).toEqual({
      kind: 'no-container',
      container: 'nginx',
      pods: [{ name: 'web-1', containers: ['app', 'envoy'] }],
    });
  });
});

describe('resolving typed targets', () => {
  it('takes pod/NAME only as that pod, never as a workload', () => {
    expect(resolveTarget({ namespace: NS, pod: 'ticket-balancer', exactPod: true }, incident)).toMatchObject({ kind: 'not-found', looked: 'pod' });
  });

  it('matches deploy/NAME by the pods’ owners', () => {
    expect(resolveTarget({ namespace: NS, pod: 'deployment-ticket-server', target: { kind: 'deployment', name: 'ticket-server' } }, incident)).toMatchObject({
      kind: 'resolved',
      nodes: [{ node: 'node-b', pods: ['ticket-server-56c75bf88b-nqpcs'], containerIds: ['b3aebba43b70'] }],
    });
  });

  it('re-resolves a prefix to the workload’s pods that start with it now, after a rollout too', () => {
    const after = [pod('ticket-balancer-5967c66fb4-new11', { deployment: 'ticket-balancer' }), server];
    const target = { kind: 'prefix' as const, prefix: 'ticket-balancer-5967', workload: { kind: 'deployment' as const, name: 'ticket-balancer' } };
    expect(resolveTarget({ namespace: NS, pod: 'deployment-ticket-balancer', target }, after)).toMatchObject({ nodes: [{ pods: ['ticket-balancer-5967c66fb4-new11'] }] });
  });

  it('takes a whole node unscoped, naming every pod on it', () => {
    expect(resolveTarget({ namespace: 'kube-system', pod: 'node-node-a', target: { kind: 'node', name: 'node-a' } }, [balancer])).toMatchObject({
      nodes: [{ node: 'node-a', pods: [balancer.name], containerIds: [] }],
    });
  });
});

describe('elsewhere', () => {
  it('names the other namespaces where NAME runs', () => {
    const there = { ...pod('ticket-balancer-5967c66fb4-qnzj6', { deployment: 'ticket-balancer' }), namespace: 'ticket-generator' };
    const here = { ...pod('unrelated'), namespace: 'default' };
    expect(elsewhere('ticket-balancer', 'default', [there, here])).toEqual([{ namespace: 'ticket-generator', kind: 'deployment', name: 'ticket-balancer' }]);
    expect(elsewhere('ticket-balancer', 'ticket-generator', [there, here])).toEqual([]);
  });
});
