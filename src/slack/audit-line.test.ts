import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../capture/audit-event.js';
import { CAPTUREBOT } from '../capture/audit-event.js';
import { auditLine } from './audit-line.js';

const base: AuditEvent = {
  event: 'requested',
  captureId: '01JDQ3V8X6M2T9R4K7C5N1B0FZ',
  who: 'U0REQUEST',
  requester: 'U0REQUEST',
  channel: 'C0INCIDENT',
  target: { pod: 'ticket-balancer-5967c66fb4-qnzj6', namespace: 'payments', durationSeconds: 30, snaplen: 80, driver: 'modern-bpf' },
  rule: 'rule "payments"',
};

describe('auditLine', () => {
  it('names the capture, who asked, the target, the channel and the rule on one line', () => {
    const line = auditLine({ ...base, detail: { approvers: ['S0ONCALL'], approvalExpiresAt: '2026-11-27T18:05:00.000Z' } });
    expect(line).not.toContain('\n');
    expect(line).toBe(
      '`01JDQ3V8X6M2T9R4K7C5N1B0FZ` requested by <@U0REQUEST> (waits for members of <!subteam^S0ONCALL> until 2026-11-27 18:05 UTC) · ' +
        'pod `ticket-balancer-5967c66fb4-qnzj6` in `payments` (30s, snaplen 80, modern-bpf) · asked in <#C0INCIDENT> · rule: rule "payments"',
    );
  });

  it.each([
    [{ event: 'refused', who: CAPTUREBOT, detail: { reason: '60s is the most for namespace payments' } }, 'refused for <@U0REQUEST>: 60s is the most for namespace payments'],
    [{ event: 'approved', who: 'U0APPROVER' }, 'approved by <@U0APPROVER> for <@U0REQUEST>'],
    [{ event: 'denied', who: 'U0APPROVER', detail: { reason: 'not during peak' } }, 'denied by <@U0APPROVER> for <@U0REQUEST>: not during peak'],
    [{ event: 'denied', who: 'U0APPROVER', detail: {} }, 'denied by <@U0APPROVER> for <@U0REQUEST> ·'],
    [{ event: 'expired', who: CAPTUREBOT }, 'expired without a decision (requested by <@U0REQUEST>)'],
    [{ event: 'started', detail: { node: 'node-a' } }, 'started on node `node-a`'],
    [{ event: 'finished', detail: { node: 'node-a', sizeBytes: 10_445 } }, 'finished: 10.2 KiB from node `node-a`'],
    [{ event: 'failed', detail: { reason: 'sysdig exited with code 1' } }, 'failed: sysdig exited with code 1'],
    [
      { event: 'link-issued', detail: { key: 'payments/p/capture.scap.gz', linkExpiresAt: '2026-11-28T17:50:00.000Z' } },
      'link issued to <#C0INCIDENT> for object `payments/p/capture.scap.gz`, expires 2026-11-28 17:50 UTC',
    ],
    [{ event: 'cancelled', who: 'U0LEAD', detail: { stage: 'queued' } }, 'cancelled by <@U0LEAD> before it started (requested by <@U0REQUEST>)'],
    [{ event: 'cancelled', who: 'U0LEAD', detail: { stage: 'running' } }, 'cancelled by <@U0LEAD> while running'],
    [
      { event: 'fresh-link-issued', who: 'U0MATE', detail: { key: 'payments/p/capture.scap.gz', linkExpiresAt: '2026-11-28T17:50:00.000Z' } },
      'fresh link issued to <@U0MATE> for object `payments/p/capture.scap.gz`, expires 2026-11-28 17:50 UTC',
    ],
    [
      { event: 'action-refused', who: 'U0STRANGER', detail: { action: 'cancel', fromChannel: 'C0ELSE', reason: 'not allowed' } },
      'cancel refused to <@U0STRANGER> from <#C0ELSE>: not allowed',
    ],
  ] as const)('tells %j as "%s"', (change, expected) => {
    expect(auditLine({ ...base, ...change } as AuditEvent)).toContain(expected);
  });

  it('says when anyone but the requester may approve', () => {
    expect(auditLine({ ...base, detail: { approvers: [], approvalExpiresAt: '2026-11-27T18:05:00.000Z' } })).toContain('waits for anyone else until');
  });

  it('escapes user text so a filter or reason cannot ping or link', () => {
    const line = auditLine({
      ...base,
      event: 'denied',
      who: 'U0APPROVER',
      target: { ...base.target!, filter: 'fd.name contains <!channel>' },
      detail: { reason: '<!here> <http://x|y>' },
    });
    expect(line).not.toContain('<!channel>');
    expect(line).not.toContain('<!here>');
    expect(line).toContain('&lt;!here&gt;');
  });

  it('describes a command that could not be read', () => {
    const { target: _target, rule: _rule, ...unread } = base;
    expect(auditLine({ ...unread, event: 'refused', who: CAPTUREBOT, detail: { reason: 'Unknown option -w' } })).toContain('an unreadable command');
  });
});
