import { describe, expect, it } from 'vitest';
import type { CaptureJob } from '../capture/capture-job.js';
import { jobAuditEvent } from './capture-audit.js';

const job: CaptureJob = {
  captureId: '01JDQ3V8X6M2T9R4K7C5N1B0FZ',
  pod: 'ticket-balancer-5967c66fb4-qnzj6',
  namespace: 'payments',
  durationSeconds: 30,
  snaplen: 80,
  driver: 'ebpf',
  filter: 'fd.port=80',
  requestedBy: 'U0REQUEST',
  channel: 'C0INCIDENT',
  statusTs: '1700000000.000100',
  requestedAt: '2026-11-27T17:50:00.000Z',
};

describe('jobAuditEvent', () => {
  it('tells who asked for what, where, under which rule and who approved it', () => {
    expect(jobAuditEvent({ ...job, policyRule: 'rule "payments"', approvedBy: 'U0APPROVER' }, 'started', { node: 'node-a' })).toEqual({
      event: 'started',
      captureId: job.captureId,
      who: 'U0REQUEST',
      requester: 'U0REQUEST',
      channel: 'C0INCIDENT',
      target: { pod: job.pod, namespace: 'payments', durationSeconds: 30, snaplen: 80, driver: 'ebpf', filter: 'fd.port=80' },
      rule: 'rule "payments"',
      approvedBy: 'U0APPROVER',
      detail: { node: 'node-a' },
    });
  });

  it('leaves out what a job queued before policies existed does not carry', () => {
    const event = jobAuditEvent({ ...job, filter: undefined }, 'failed');
    expect(Object.keys(event).sort()).toEqual(['captureId', 'channel', 'event', 'requester', 'target', 'who']);
    expect(event.target).not.toHaveProperty('filter');
  });
});
