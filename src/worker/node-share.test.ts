import { describe, expect, it } from 'vitest';
import { sampleJob } from '../kube/testdata/sample-job.js';
import { mergedArtifact, nodeShare, tooManyNodes } from './node-share.js';

const deployment = sampleJob({ pod: 'deployment-web', namespace: 'shop', target: { kind: 'deployment', name: 'web' } });

describe('nodeShare', () => {
  it('narrows the capture to the containers of the node’s pods, and keeps the user’s filter beside it', () => {
    expect(nodeShare(deployment, { node: 'node-b', pods: ['web-1', 'web-2'], containerIds: ['5255305a76e4', 'b3aebba43b70'] }, 1)).toMatchObject({
      part: { index: 1, node: 'node-b' },
      filter: 'container.id in (5255305a76e4, b3aebba43b70)',
    });
    expect(nodeShare({ ...deployment, filter: 'fd.port=80 or fd.port=443' }, { node: 'node-a', pods: ['web-0'], containerIds: ['5255305a76e4'] }, 0).filter).toBe(
      '(container.id in (5255305a76e4)) and (fd.port=80 or fd.port=443)',
    );
  });

  it('never makes an unscoped share of a pod capture: no container id is an error, not a whole node', () => {
    expect(() => nodeShare(deployment, { node: 'node-b', pods: ['web-1'], containerIds: [] }, 0)).toThrow(/no container to scope/);
    expect(() => nodeShare(deployment, { node: 'node-b', pods: ['web-1'] }, 0)).toThrow(/no container to scope/);
  });

  it('names a re-attached share’s pod without rebuilding its filter', () => {
    expect(nodeShare(deployment, { node: 'node-b', pods: ['web-1'] }, 2, true)).toMatchObject({ part: { index: 2, node: 'node-b' } });
  });

  it('leaves a node capture to the user’s filter alone', () => {
    const node = sampleJob({ pod: 'node-node-a', namespace: 'kube-system', target: { kind: 'node', name: 'node-a' } });
    expect(nodeShare(node, { node: 'node-a', pods: ['x'] }, 0).filter).toBeUndefined();
    expect(nodeShare({ ...node, filter: 'proc.name=kubelet' }, { node: 'node-a', pods: [] }, 0).filter).toBe('proc.name=kubelet');
  });
});

describe('tooManyNodes', () => {
  it('names the target, the nodes and the setting', () => {
    const nodes = Array.from({ length: 10 }, (_, i) => ({ node: `node-${i}`, pods: [`web-${i}`] }));
    expect(tooManyNodes(deployment, nodes, 5).message).toBe(
      'deploy/web runs 10 pods on 10 nodes (node-0, node-1, node-2, node-3, node-4, node-5, node-6, node-7, …), more nodes than one capture may span (MAX_NODES_PER_CAPTURE is 5): nothing was started. Narrow it with `-l` or capture single pods.',
    );
  });
});

describe('mergedArtifact', () => {
  it('adds up the sizes and names every node, keeping each part', () => {
    const part = (node: string, sizeBytes: number) => ({ url: `u-${node}`, expiresAt: new Date(0), key: `k-${node}`, fileName: `f-${node}`, sizeBytes, sha256: node, node, durationSeconds: 10, snaplen: 80 });
    const merged = mergedArtifact([part('node-a', 100), part('node-b', 50)]);
    expect(merged).toMatchObject({ key: 'k-node-a', sizeBytes: 150, node: 'node-a, node-b' });
    expect(merged.parts?.map((p) => p.key)).toEqual(['k-node-a', 'k-node-b']);
  });
});
