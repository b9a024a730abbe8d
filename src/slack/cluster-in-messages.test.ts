import { describe, expect, it } from 'vitest';
import { auditEventOf } from '../capture/audit-event.js';
import { auditLine } from './audit-line.js';
import { targetText } from './capture-target-text.js';
import { linkMessage } from './link-message.js';
import { statusMessage, type CaptureRequestView } from './status-message.js';

const request: CaptureRequestView = {
  captureId: '01JDQ3V8X6M2T9R4K7C5N1B0FZ',
  pod: 'ticket-balancer-5967c66fb4-qnzj6',
  namespace: 'ticket-generator',
  durationSeconds: 30,
  snaplen: 80,
  driver: 'modern-bpf',
  requestedBy: 'U0REQUEST',
  channel: 'C0INCIDENT',
  requestedAt: '2026-11-27T17:50:00.000Z',
};
const inProd = { ...request, cluster: 'prod-eu' };
const artifact = {
  url: 'https://traces.example/x?X-Amz-Signature=abc',
  expiresAt: new Date('2026-11-28T17:50:30Z'),
  key: 'prod-eu/ticket-generator/x/x.scap.gz',
  fileName: 'x.scap.gz',
  sizeBytes: 100,
  sha256: 'ab',
  node: 'node-a',
  durationSeconds: 30,
  snaplen: 80,
};

describe('the cluster in messages', () => {
  it('is named for any cluster but the default one', () => {
    expect(targetText(inProd)).toBe('pod `ticket-balancer-5967c66fb4-qnzj6` in namespace `ticket-generator` in cluster `prod-eu`');
    expect(targetText({ ...request, cluster: 'default' })).toBe(targetText(request));
    expect(targetText({ pod: 'node-a', namespace: 'kube-system', target: { kind: 'node', name: 'node-a' }, cluster: 'staging' })).toBe('every pod on node `node-a` in cluster `staging`');
  });

  it('shows in the status message and the link message, so two pods of one name in two clusters are told apart', () => {
    expect(statusMessage(inProd, { stage: 'queued' }).text).toContain('in cluster `prod-eu`');
    expect(statusMessage(request, { stage: 'queued' }).text).not.toContain('cluster');
    expect(linkMessage(artifact, inProd).text).toContain('cluster `prod-eu` · node `node-a`');
    expect(linkMessage(artifact, request).text).not.toContain('cluster');
  });

  it('is in the audit event and its line, except for the default cluster', () => {
    const event = auditEventOf(inProd, 'requested');
    expect(event.target?.cluster).toBe('prod-eu');
    expect(auditLine(event)).toContain('in `ticket-generator` of cluster `prod-eu`');
    expect(auditEventOf({ ...request, cluster: 'default' }, 'requested').target).not.toHaveProperty('cluster');
  });
});
