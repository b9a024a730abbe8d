import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../test/support/golden.js';
import { linkMessage, type TraceSource } from './link-message.js';

const artifact = {
  url: 'https://traces.s3.eu-west-1.amazonaws.com/ticket-generator/x.scap.gz?X-Amz-Signature=abc',
  expiresAt: new Date('2026-11-28T17:50:30Z'),
  key: 'ticket-generator/ticket-balancer-5967c66fb4-qnzj6/capture-ticket-balancer-5967c66fb4-qnzj6-20261127T175000Z-01JDQ3V8X6M2T9R4K7C5N1B0FZ.scap.gz',
  fileName: 'capture-ticket-balancer-5967c66fb4-qnzj6-20261127T175000Z-01JDQ3V8X6M2T9R4K7C5N1B0FZ.scap.gz',
  sizeBytes: 1_572_864,
  sha256: '115ebaf7404b26a5e5fb18461dd9f7ce41dd33605e1ace100cad582feb60c1d4',
  node: 'node-a',
  durationSeconds: 90,
  snaplen: 256,
};

const job = { pod: 'ticket-balancer-5967c66fb4-qnzj6', namespace: 'ticket-generator' };

describe('linkMessage', () => {
  const { text } = linkMessage(artifact, job);

  it('links the file by name and says when the link expires', () => {
    expect(text).toContain(`<${artifact.url}|${artifact.fileName}>`);
    expect(text).toContain('expires 2026-11-28 17:50 UTC');
  });

  it('gives size, sha256, node, duration and snaplen', () => {
    expect(text).toContain('1.5 MiB (1572864 bytes)');
    expect(text).toContain(artifact.sha256);
    expect(text).toContain('node `node-a`');
    expect(text).toContain('duration 1m30s');
    expect(text).toContain('snaplen 256');
  });

  it('says how to open it', () => {
    expect(text).toMatch(/Sysdig Inspect/);
    expect(text).toMatch(/Stratoshark/);
    expect(text).toContain(`sysdig -r ${artifact.fileName}`);
  });

  it('matches its golden file', () => {
    expectGolden(linkMessage(artifact, job), new URL('./testdata/link-message.golden.json', import.meta.url));
  });
});

describe('linkMessage names the pods whose events the trace holds', () => {
  const wide: TraceSource = {
    pod: 'ticket-balancer',
    namespace: 'ticket-generator',
    target: { kind: 'deployment', name: 'ticket-balancer' },
    resolved: [
      { node: 'node-a', pods: ['ticket-balancer-5967c66fb4-qnzj6', 'ticket-balancer-5967c66fb4-x2x9z'] },
      { node: 'node-b', pods: ['ticket-balancer-5967c66fb4-k8s7p'] },
    ],
  };

  it('for one pod', () => {
    expect(linkMessage(artifact, job).text).toContain('holds pod `ticket-balancer-5967c66fb4-qnzj6` in `ticket-generator`');
  });

  it("for a wide capture, only this node's pods in each node's link", () => {
    const onA = linkMessage(artifact, wide).text;
    const onB = linkMessage({ ...artifact, node: 'node-b' }, wide).text;
    expect(onA).toContain('holds pods `ticket-balancer-5967c66fb4-qnzj6`, `ticket-balancer-5967c66fb4-x2x9z` in `ticket-generator`');
    expect(onA).not.toContain('k8s7p');
    expect(onB).toContain('holds pod `ticket-balancer-5967c66fb4-k8s7p` in `ticket-generator`');
  });

  it('for a node capture, the whole node', () => {
    const node: TraceSource = { pod: 'node-a', namespace: 'kube-system', target: { kind: 'node', name: 'node-a' }, resolved: [{ node: 'node-a', pods: ['a', 'b'] }] };
    expect(linkMessage(artifact, node).text).toContain('holds whole node `node-a`: every pod on it, of every namespace');
  });

  it('counts the pods past the tenth, and says when one container was captured', () => {
    const pods = Array.from({ length: 12 }, (_, i) => `web-${i}`);
    const many: TraceSource = { pod: 'web', namespace: 'shop', container: 'nginx', target: { kind: 'daemonset', name: 'web' }, resolved: [{ node: 'node-a', pods }] };
    const text = linkMessage(artifact, many).text;
    expect(text).toContain('`web-9` and 2 more in `shop` (container `nginx` only)');
    expect(text).not.toContain('`web-10`');
  });
});
