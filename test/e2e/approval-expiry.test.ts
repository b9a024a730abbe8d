import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { APPROVE, DENY, auditLines, buttonLabels, captureJobs, clickButton, currentCard, ephemeralAnswer, waitForCard } from '../support/approvals.js';
import type { ChannelMessage } from '../support/slack/index.js';

const CHANNEL = 'C0EXPIRY';
const REQUESTER = 'U0REQUESTER';
const APPROVER = 'U0APPROVER';
// No policy file at all: the four-eyes default, anyone but the requester approves.
const FOUR_EYES = { CAPTUREBOT_POLICY: '' };

const isExpired = (card: ChannelMessage) => card.text.includes('This request expired');

describe('when nobody decides before APPROVAL_TTL', () => {
  let world: World;
  let app: CapturebotProcess;
  let card: ChannelMessage;

  beforeAll(async () => {
    world = await startWorld();
    app = await startApp(world, 'all', { ...FOUR_EYES, APPROVAL_TTL: '2s' });
    await world.slack.sendSlashCommand(eventsUrl(app), { text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, userId: REQUESTER, channelId: CHANNEL });
    card = await waitForCard(world, CHANNEL);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('says on the card that the request expired, and drops the buttons', async () => {
    await expect.poll(() => isExpired(currentCard(world, CHANNEL, card.ts)), { timeout: 6_000, interval: 100 }).toBe(true);
    expect(buttonLabels(currentCard(world, CHANNEL, card.ts))).toEqual([]);
  });

  it('answers a late click with "this request expired" and starts nothing', async () => {
    const stale = { ...card, blocks: card.history[0]!.blocks };
    expect(await ephemeralAnswer(world, await clickButton(world, app, stale, APPROVER, APPROVE))).toContain('this request expired');
    expect(await ephemeralAnswer(world, await clickButton(world, app, stale, APPROVER, DENY))).toContain('this request expired');
    expect(await captureJobs(world.prefix)).toEqual([]);
    expect(world.slack.channelMessages(CHANNEL)).toHaveLength(1);
    expect(world.slack.views()).toEqual([]);
  });

  it('audits the expiry under the four-eyes default', () => {
    expect(auditLines(app).map((l) => l.audit)).toEqual(['requested', 'expired']);
    expect(auditLines(app)[1]).toMatchObject({ who: 'capturebot', requester: REQUESTER, rule: 'the four-eyes default (no policy file)' });
  });
});

describe('when the bot is down as an approval expires', () => {
  let world: World;
  let card: ChannelMessage;
  let restarted: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    const first = await startApp(world, 'all', { ...FOUR_EYES, APPROVAL_TTL: '2s' });
    await world.slack.sendSlashCommand(eventsUrl(first), { text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, userId: REQUESTER, channelId: CHANNEL });
    card = await waitForCard(world, CHANNEL);
    await first.stop();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    restarted = await startApp(world, 'all', { ...FOUR_EYES, APPROVAL_TTL: '2s' });
  }, 60_000);

  afterAll(async () => {
    await restarted?.stop();
    await world?.close();
  });

  it('updates the card once it is back, from the deadlines kept in Redis', async () => {
    expect(isExpired(currentCard(world, CHANNEL, card.ts))).toBe(false);
    await expect.poll(() => isExpired(currentCard(world, CHANNEL, card.ts)), { timeout: 6_000, interval: 100 }).toBe(true);
    await restarted.waitForLog((l) => l.audit === 'expired');
  });
});

describe('when the bot restarts while an approval is still pending', () => {
  const TTL_MS = 12_000;
  let world: World;
  let card: ChannelMessage;
  let restarted: CapturebotProcess;
  let requestedAt: number;

  beforeAll(async () => {
    world = await startWorld();
    const first = await startApp(world, 'all', { ...FOUR_EYES, APPROVAL_TTL: '12s' });
    requestedAt = Date.now();
    await world.slack.sendSlashCommand(eventsUrl(first), { text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, userId: REQUESTER, channelId: CHANNEL });
    card = await waitForCard(world, CHANNEL);
    await first.stop();
    restarted = await startApp(world, 'all', { ...FOUR_EYES, APPROVAL_TTL: '12s' });
  }, 60_000);

  afterAll(async () => {
    await restarted?.stop();
    await world?.close();
  });

  it('still takes the approval, and the request never expires afterwards', async () => {
    await clickButton(world, restarted, card, APPROVER, APPROVE);
    await world.slack.waitFor((c) => c.method === 'chat.update' && c.args.ts === card.ts);
    expect(currentCard(world, CHANNEL, card.ts).text.split('\n').at(-1)).toContain(`approved by <@${APPROVER}>`);
    await expect.poll(async () => (await captureJobs(world.prefix)).length, { timeout: 5_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, requestedAt + TTL_MS + 1_000 - Date.now())));
    expect(currentCard(world, CHANNEL, card.ts).text).toContain(`approved by <@${APPROVER}>`);
    // The worker in this process goes on to start it; of the decisions, only the approval is there.
    expect(auditLines(restarted).map((l) => l.audit).filter((event) => ['approved', 'denied', 'expired'].includes(String(event)))).toEqual(['approved']);
  }, 30_000);
});
