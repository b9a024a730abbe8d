import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../test/support/golden.js';
import type { ApprovalOutcome, PendingApproval } from '../queue/pending-approval.js';
import { APPROVE_ACTION, DENY_ACTION } from './approval-actions.js';
import { approvalCard } from './approval-card.js';
import { denyReasonView } from './deny-reason-view.js';

const approval: PendingApproval = {
  captureId: '01JDQ3V8X6M2T9R4K7C5N1B0FZ',
  pod: 'ticket-balancer-5967c66fb4-qnzj6',
  namespace: 'payments',
  durationSeconds: 45,
  snaplen: 256,
  driver: 'ebpf',
  filter: 'fd.port=8080',
  requestedBy: 'U0REQUEST',
  channel: 'C0INCIDENT',
  requestedAt: '2026-11-27T17:50:00.000Z',
  command: 'ticket-balancer-5967c66fb4-qnzj6 -n payments 45s -s 256 --driver ebpf -- "fd.port=8080"',
  rule: 'rule "payments"',
  approvers: ['S0ONCALL', 'U0LEAD'],
  expiresAt: '2026-11-27T18:05:00.000Z',
};

const outcomes: Record<string, ApprovalOutcome | undefined> = {
  pending: undefined,
  approved: { kind: 'approved', by: 'U0LEAD', at: '2026-11-27T17:51:30.000Z' },
  denied: { kind: 'denied', by: 'U0LEAD', at: '2026-11-27T17:52:00.000Z', reason: 'not during the payment run' },
  expired: { kind: 'expired', by: 'capturebot', at: '2026-11-27T18:05:00.000Z' },
  refused: { kind: 'refused', by: 'U0LEAD', at: '2026-11-27T17:53:00.000Z', reason: '30s is the most for namespace payments under rule "payments"; you asked for 45s.' },
};

const text = (card: ReturnType<typeof approvalCard>) => JSON.stringify(card.blocks);

describe('approvalCard', () => {
  it.each(Object.entries(outcomes))('renders the %s card like its golden file', (name, outcome) => {
    expectGolden(approvalCard(approval, outcome), new URL(`./testdata/approval-card.${name}.golden.json`, import.meta.url));
  });

  it('shows requester, pod, namespace, duration, snaplen, driver, filter, approvers and expiry while pending', () => {
    const shown = text(approvalCard(approval));
    for (const part of ['<@U0REQUEST>', '`ticket-balancer-5967c66fb4-qnzj6`', '`payments`', '45s', '256 bytes', 'ebpf', '`fd.port=8080`']) {
      expect(shown).toContain(part);
    }
    expect(shown).toContain('members of <!subteam^S0ONCALL> or <@U0LEAD>');
    expect(shown).toContain('2026-11-27 18:05 UTC');
  });

  it('offers Approve and Deny carrying the capture id and the canonical command', () => {
    const actions = approvalCard(approval).blocks.find((b) => b.type === 'actions');
    expect(actions).toMatchObject({
      elements: [
        { action_id: APPROVE_ACTION, text: { text: 'Approve' }, value: `${approval.captureId} ${approval.command}` },
        { action_id: DENY_ACTION, text: { text: 'Deny' }, value: `${approval.captureId} ${approval.command}` },
      ],
    });
  });

  it.each(['approved', 'denied', 'expired', 'refused'])('drops the buttons once %s', (name) => {
    expect(approvalCard(approval, outcomes[name]).blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('says who approved and when, who denied and why, and that it expired', () => {
    expect(approvalCard(approval, outcomes.approved).text).toContain('approved by <@U0LEAD> at 2026-11-27 17:51 UTC');
    expect(approvalCard(approval, outcomes.denied).text).toContain('denied by <@U0LEAD> at 2026-11-27 17:52 UTC: not during the payment run');
    expect(approvalCard(approval, { ...outcomes.denied!, reason: undefined }).text).toContain('(no reason given)');
    expect(approvalCard(approval, outcomes.expired).text).toContain('This request expired');
  });

  it('says anyone but the requester may approve under the four-eyes default', () => {
    expect(text(approvalCard({ ...approval, approvers: [] }))).toContain('anyone but <@U0REQUEST>');
  });

  it('carries only the capture id when the command would not fit in a button', () => {
    const long = { ...approval, command: `${approval.command} ${'x'.repeat(2_000)}` };
    const actions = approvalCard(long).blocks.find((b) => b.type === 'actions');
    expect(actions).toMatchObject({ elements: [{ value: approval.captureId }, { value: approval.captureId }] });
  });

  it('escapes a filter or reason so it cannot ping the channel', () => {
    const card = approvalCard({ ...approval, filter: 'evt.type=open <!channel>' }, { ...outcomes.denied!, reason: '<!here>' });
    expect(text(card)).not.toContain('<!channel>');
    expect(text(card)).not.toContain('<!here>');
  });
});

describe('denyReasonView', () => {
  it('renders the Deny modal like its golden file', () => {
    const view = denyReasonView(approval, { captureId: approval.captureId, channel: 'C0INCIDENT', cardTs: '1700000000.000100' });
    expectGolden(view, new URL('./testdata/deny-reason-view.golden.json', import.meta.url));
  });
});
