import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { APPROVE, auditLines, buttonLabels, captureJobs, clickButton, currentCard, ephemeralAnswer, waitForCard } from '../support/approvals.js';
import { capturePodCreates } from '../support/fault-steps.js';
import type { ChannelMessage, InteractionResult } from '../support/slack/index.js';

const CHANNEL = 'C0RACES';
const REQUESTER = 'U0REQUESTER';
const APPROVERS = ['U0ALICE', 'U0BOB', 'U0CAROL', 'U0DAVE', 'U0ERIN'];

describe('when several approvers click Approve at the same moment, one of them twice', () => {
  let world: World;
  let app: CapturebotProcess;
  let card: ChannelMessage;
  let clicks: InteractionResult[];

  beforeAll(async () => {
    world = await startWorld();
    // No policy file: the four-eyes default lets anyone but the requester approve.
    app = await startApp(world, 'all', { CAPTUREBOT_POLICY: '' });
    await world.slack.sendSlashCommand(eventsUrl(app), { text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, userId: REQUESTER, channelId: CHANNEL });
    card = await waitForCard(world, CHANNEL);
    clicks = await Promise.all([...APPROVERS, APPROVERS[0]!].map((user) => clickButton(world, app, card, user, APPROVE)));
    await world.slack.waitFor((c) => c.method === 'chat.update' && String(c.args.text).includes('Done'), { timeoutMs: 20_000 });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('acks every click', () => {
    expect(clicks.map((c) => c.status)).toEqual(APPROVERS.concat(APPROVERS[0]!).map(() => 200));
  });

  it('queues exactly one job and creates exactly one capture pod', async () => {
    expect(await captureJobs(world.prefix)).toHaveLength(1);
    expect(capturePodCreates(world)).toBe(1);
  });

  it('posts one status message and one link', () => {
    const others = world.slack.channelMessages(CHANNEL).filter((m) => m.ts !== card.ts);
    expect(others).toHaveLength(1);
    expect(others[0]!.replies.filter((r) => /<http[^|>]+\|capture-/.test(r.text))).toHaveLength(1);
  });

  it('names one approver on the card, updated once', () => {
    const now = currentCard(world, CHANNEL, card.ts);
    const winners = APPROVERS.filter((user) => now.text.includes(`approved by <@${user}>`));
    expect(winners).toHaveLength(1);
    expect(buttonLabels(now)).toEqual([]);
    expect(world.slack.calls('chat.update').filter((c) => c.args.ts === card.ts)).toHaveLength(1);
  });

  it('tells every other click who approved it first', async () => {
    const winner = APPROVERS.find((user) => currentCard(world, CHANNEL, card.ts).text.includes(`approved by <@${user}>`))!;
    const answered = await Promise.all(clicks.map((click) => ephemeralAnswer(world, click, 1_500).catch(() => undefined)));
    const told = answered.filter((text) => text?.includes(`already approved by <@${winner}>`));
    expect(told).toHaveLength(clicks.length - 1);
  });

  it('audits one approval', () => {
    expect(auditLines(app).filter((l) => l.audit === 'approved')).toHaveLength(1);
  });
});
