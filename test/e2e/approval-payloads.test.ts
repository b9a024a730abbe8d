import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { APPROVE, DENY, DENY_VIEW, auditLines, buttonLabels, buttonValue, captureJobs, cardCaptureId, clickButton, currentCard, ephemeralAnswer, waitForCard } from '../support/approvals.js';
import type { ChannelMessage, InteractionPayload } from '../support/slack/index.js';

const CHANNEL = 'C0PAYLOADS';
const REQUESTER = 'U0REQUESTER';
const APPROVER = 'U0APPROVER';
const FORGED_ID = '01JDQ3V8X6M2T9R4K7C5N1B0AA';

describe('when interactive payloads are malformed or forged', () => {
  let world: World;
  let app: CapturebotProcess;
  let card: ChannelMessage;
  let captureId: string;

  const send = (payload: InteractionPayload, timeoutMs?: number) => world.slack.sendInteraction(eventsUrl(app), payload, timeoutMs ? { timeoutMs } : {});
  const approveWith = (actions: unknown[], user = APPROVER) =>
    send({ type: 'block_actions', user: { id: user }, channel: { id: CHANNEL }, message: { ts: card.ts }, actions });

  beforeAll(async () => {
    world = await startWorld();
    app = await startApp(world, 'all', { CAPTUREBOT_POLICY: '' });
    await world.slack.sendSlashCommand(eventsUrl(app), { text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, userId: REQUESTER, channelId: CHANNEL });
    card = await waitForCard(world, CHANNEL);
    captureId = cardCaptureId(card);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('acks and ignores an unknown action id, with a log line', async () => {
    const result = await approveWith([{ action_id: 'capture_approve_everything', value: buttonValue(card, APPROVE) }]);
    expect(result.status).toBe(200);
    await app.waitForLog((l) => l.id === 'capture_approve_everything' && String(l.msg).startsWith('ignored'));
  });

  it.each([
    ['no value', [{ action_id: APPROVE }]],
    ['a value that is not a capture id', [{ action_id: APPROVE, value: '../../../etc/passwd' }]],
    ['two actions at once', [{ action_id: APPROVE, value: FORGED_ID }, { action_id: APPROVE, value: FORGED_ID }]],
  ])('acks and ignores a click with %s', async (_name, actions) => {
    const result = await approveWith(actions);
    expect(result.status).toBe(200);
  });

  it('ignores a click from a user id that is not one', async () => {
    expect((await approveWith([{ action_id: APPROVE, value: buttonValue(card, APPROVE) }], 'admin')).status).toBe(200);
  });

  it('answers a forged capture id that was never requested, and does nothing', async () => {
    const click = await approveWith([{ action_id: APPROVE, value: `${FORGED_ID} ${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s` }]);
    expect(await ephemeralAnswer(world, click)).toContain(`I know of no capture request \`${FORGED_ID}\``);
  });

  it('refuses a button whose command differs from the stored request', async () => {
    const forged = buttonValue(card, APPROVE).replace('30s', '5m');
    const click = await clickButton(world, app, card, APPROVER, APPROVE, forged);
    expect(await ephemeralAnswer(world, click)).toContain(`does not match capture request \`${captureId}\``);
  });

  it.each([
    ['Approve', APPROVE, 'approve', { channel: { id: 'C0ELSEWHERE' } }],
    ['Deny', DENY, 'deny', { channel: { id: 'C0ELSEWHERE' } }],
    ['Approve', APPROVE, 'approve', {}],
  ] as const)('refuses a %s click whose payload names another channel (%#), and audits it', async (_label, actionId, action, where) => {
    const before = auditLines(app, captureId).filter((l) => l.audit === 'action-refused').length;
    // What an eligible approver's client sends when the card's button is replayed from another channel (or from none).
    const click = await send({ type: 'block_actions', user: { id: APPROVER }, ...where, message: { ts: card.ts }, actions: [{ action_id: actionId, value: buttonValue(card, actionId) }] });
    expect(await ephemeralAnswer(world, click)).toBe(`:no_entry: Capture \`${captureId}\` can only be approved or denied on its card in <#${CHANNEL}>. Nothing changed.`);
    await expect.poll(() => auditLines(app, captureId).filter((l) => l.audit === 'action-refused').length, { timeout: 5_000 }).toBe(before + 1);
    const refused = auditLines(app, captureId).filter((l) => l.audit === 'action-refused').at(-1);
    expect(refused).toMatchObject({ who: APPROVER, requester: REQUESTER, channel: CHANNEL, action, ...('channel' in where ? { fromChannel: 'C0ELSEWHERE' } : {}) });
  });

  it('keeps the Deny modal open with an error for a forged submission', async () => {
    const result = await send({
      type: 'view_submission',
      user: { id: APPROVER },
      view: {
        id: 'V0FORGED',
        callback_id: DENY_VIEW,
        private_metadata: JSON.stringify({ captureId: FORGED_ID, channel: CHANNEL, cardTs: card.ts }),
        state: { values: {} },
      },
    });
    expect(result.body).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringContaining('I know of no capture request') } });
  });

  it('closes a submission whose metadata does not parse, doing nothing', async () => {
    const result = await send({
      type: 'view_submission',
      user: { id: APPROVER },
      view: { id: 'V0BROKEN', callback_id: DENY_VIEW, private_metadata: '{"captureId":', state: { values: {} } },
    });
    expect(result.status).toBe(200);
    expect(result.body).toBe('');
  });

  it('changed nothing: the card still waits with both buttons, no job, no message, no modal', async () => {
    const now = currentCard(world, CHANNEL, card.ts);
    expect(now.history).toHaveLength(1);
    expect(buttonLabels(now)).toEqual(['Approve', 'Deny']);
    expect(await captureJobs(world.prefix)).toEqual([]);
    expect(world.slack.channelMessages(CHANNEL)).toHaveLength(1);
    expect(world.slack.calls('views.open')).toEqual([]);
    expect(app.logs.filter((l) => l.audit === 'approved' || l.audit === 'denied')).toEqual([]);
    expect(app.logs.filter((l) => String(l.msg).includes('malformed payload')).length).toBeGreaterThanOrEqual(4);
  });

  it('still takes a genuine approval afterwards', async () => {
    await clickButton(world, app, card, APPROVER, APPROVE);
    await expect.poll(async () => (await captureJobs(world.prefix)).length, { timeout: 5_000 }).toBe(1);
    expect(currentCard(world, CHANNEL, card.ts).text).toContain(`approved by <@${APPROVER}>`);
  });
});
