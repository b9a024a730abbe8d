import { describe, expect, it } from 'vitest';
import { APPROVE_ACTION, DENY_ACTION, DENY_VIEW } from './approval-actions.js';
import { decodeApprovalClick, decodeDenySubmission } from './interaction-payloads.js';

const ID = '01JDQ3V8X6M2T9R4K7C5N1B0FZ';
const COMMAND = 'ticket-balancer-5967c66fb4-qnzj6 -n payments 30s -s 80 --driver modern-bpf -- "fd.port=80 &amp;&amp; evt.type=read"';

const click = (action: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'block_actions',
  user: { id: 'U0APPROVER', name: 'approver' },
  trigger_id: '123.456.abc',
  channel: { id: 'C0INCIDENT' },
  container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0INCIDENT' },
  actions: [{ type: 'button', block_id: 'capture_approval', ...action }],
  ...extra,
});

describe('decodeApprovalClick', () => {
  it('reads Approve with the capture id, the command, who clicked and the card', () => {
    expect(decodeApprovalClick(click({ action_id: APPROVE_ACTION, value: `${ID} ${COMMAND}` }))).toEqual({
      ok: true,
      value: { action: 'approve', captureId: ID, command: COMMAND, userId: 'U0APPROVER', triggerId: '123.456.abc', channelId: 'C0INCIDENT', messageTs: '1700000000.000100' },
    });
  });

  it('reads Deny, and a value holding only the capture id', () => {
    expect(decodeApprovalClick(click({ action_id: DENY_ACTION, value: ID }))).toMatchObject({ ok: true, value: { action: 'deny', captureId: ID } });
    expect(decodeApprovalClick(click({ action_id: DENY_ACTION, value: ID }))).not.toHaveProperty('value.command');
  });

  it.each([
    ['an unknown action id', click({ action_id: 'capture_launch_missiles', value: ID }), 'unknown action id "capture_launch_missiles"'],
    ['no value', click({ action_id: APPROVE_ACTION }), 'capture id'],
    ['a value that is not a capture id', click({ action_id: APPROVE_ACTION, value: '../../etc/passwd' }), 'capture id'],
    ['a lowercase id', click({ action_id: APPROVE_ACTION, value: ID.toLowerCase() }), 'capture id'],
    ['no user', click({ action_id: APPROVE_ACTION, value: ID }, { user: undefined }), 'user'],
    ['a user id that is not one', click({ action_id: APPROVE_ACTION, value: ID }, { user: { id: 'admin' } }), 'user.id'],
    ['no trigger id', click({ action_id: APPROVE_ACTION, value: ID }, { trigger_id: undefined }), 'trigger_id'],
    ['no actions', click({ action_id: APPROVE_ACTION, value: ID }, { actions: [] }), 'exactly one action'],
    ['two actions', click({ action_id: APPROVE_ACTION, value: ID }, { actions: [{ action_id: APPROVE_ACTION, value: ID }, { action_id: DENY_ACTION, value: ID }] }), 'exactly one action'],
    ['another payload type', click({ action_id: APPROVE_ACTION, value: ID }, { type: 'message_action' }), 'type'],
    ['a channel id with markup', click({ action_id: APPROVE_ACTION, value: ID }, { channel: { id: '<!channel>' } }), 'channel'],
  ])('refuses %s', (_name, payload, problem) => {
    const decoded = decodeApprovalClick(payload);
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.problem).toContain(problem);
  });

  it.each([null, undefined, 'block_actions', 42, [], {}])('refuses %j without throwing', (payload) => {
    expect(decodeApprovalClick(payload).ok).toBe(false);
  });
});

const submission = (metadata: unknown, reason: string | null | undefined, extra: Record<string, unknown> = {}) => ({
  type: 'view_submission',
  user: { id: 'U0APPROVER' },
  view: {
    id: 'V0DENY',
    callback_id: DENY_VIEW,
    private_metadata: typeof metadata === 'string' ? metadata : JSON.stringify(metadata),
    state: { values: { reason: { reason_input: { type: 'plain_text_input', value: reason } } } },
    ...extra,
  },
});

const metadata = { captureId: ID, channel: 'C0INCIDENT', cardTs: '1700000000.000100' };

describe('decodeDenySubmission', () => {
  it('reads which request, the card, who denied and the reason, trimmed', () => {
    expect(decodeDenySubmission(submission(metadata, '  not during the payment run \n'))).toEqual({
      ok: true,
      value: { ...metadata, userId: 'U0APPROVER', reason: 'not during the payment run' },
    });
  });

  it.each([null, undefined, '   '])('leaves the reason out when it is %j', (reason) => {
    const decoded = decodeDenySubmission(submission(metadata, reason));
    expect(decoded).toMatchObject({ ok: true });
    expect(decoded).not.toHaveProperty('value.reason');
  });

  it.each([
    ['metadata that is not JSON', submission('{captureId', 'x'), 'JSON'],
    ['a forged capture id', submission({ ...metadata, captureId: 'not-a-ulid' }, 'x'), 'captureId'],
    ['no card ts', submission({ captureId: ID, channel: 'C0INCIDENT' }, 'x'), 'cardTs'],
    ['another view', submission(metadata, 'x', { callback_id: 'other_view' }), 'callback_id'],
    ['a reason longer than the modal allows', submission(metadata, 'x'.repeat(501)), 'reason'],
  ])('refuses %s', (_name, payload, problem) => {
    const decoded = decodeDenySubmission(payload);
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.problem).toContain(problem);
  });
});
