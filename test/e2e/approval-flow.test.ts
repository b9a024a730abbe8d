import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import {
  APPROVE,
  DENY,
  auditLines,
  buttonLabels,
  buttonValue,
  captureJobs,
  cardCaptureId,
  clickButton,
  currentCard,
  ephemeralAnswer,
  submitDeny,
  waitForCard,
} from '../support/approvals.js';
import type { ChannelMessage, CommandAnswer } from '../support/slack/index.js';

const CHANNEL = 'C0INCIDENT';
const AUDIT = 'C0AUDIT';
const REQUESTER = 'U0REQUESTER';
const ONCALL = 'U0ONCALL';
const BYSTANDER = 'U0BYSTANDER';

const POLICY = `
defaults:
  approval: none
rules:
  - name: incident
    namespaces: ["ticket-*"]
    channels: [${CHANNEL}]
    approvers: [S0ONCALL]
    approval: required
    maxDuration: 60s
`;

describe('when a capture needs an approval', () => {
  let world: World;
  let app: CapturebotProcess;
  let ack: { status: number; body: unknown; responseUrl: string };
  let answer: CommandAnswer;
  let card: ChannelMessage;
  let captureId: string;
  const answers: Record<string, string> = {};

  beforeAll(async () => {
    world = await startWorld({ policy: POLICY });
    // The requester is on call too: still not allowed to approve their own request.
    world.slack.setUserGroup('S0ONCALL', [ONCALL, REQUESTER]);
    app = await startApp(world, 'all', { AUDIT_CHANNEL: AUDIT });
    ack = await world.slack.sendSlashCommand(eventsUrl(app), {
      text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s -s 256 -- proc.name=nginx`,
      userId: REQUESTER,
      channelId: CHANNEL,
    });
    answer = await world.slack.firstAnswer(ack);
    card = await waitForCard(world, CHANNEL);
    captureId = cardCaptureId(card);

    answers.requester = await ephemeralAnswer(world, await clickButton(world, app, card, REQUESTER, APPROVE));
    answers.bystander = await ephemeralAnswer(world, await clickButton(world, app, card, BYSTANDER, APPROVE));
    answers.bystanderDeny = await ephemeralAnswer(world, await clickButton(world, app, card, BYSTANDER, DENY));
    answers.beforeApproval = JSON.stringify(currentCard(world, CHANNEL, card.ts).history);
    answers.jobsBeforeApproval = String((await captureJobs(world.prefix)).length);

    await clickButton(world, app, card, ONCALL, APPROVE);
    await world.slack.waitFor((c) => c.method === 'chat.postMessage' && Boolean(c.args.thread_ts) && c.args.channel === CHANNEL, { timeoutMs: 20_000 });
    await world.slack.waitFor((c) => c.method === 'chat.update' && String(c.args.text).includes('Done'), { timeoutMs: 10_000 });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('answers the requester with the capture id, who may approve and when it expires', () => {
    expect(ack.body).toBe('');
    const body = answer;
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain(captureId);
    expect(body.text).toContain('needs an approval from members of <!subteam^S0ONCALL>');
    expect(body.text).toMatch(/expires at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });

  it('posts a card with requester, pod, namespace, duration, snaplen, driver, filter, approvers, expiry and two buttons', () => {
    const first = card.history[0]!;
    const shown = JSON.stringify(first.blocks);
    for (const part of [`<@${REQUESTER}>`, INCIDENT_POD, INCIDENT_NAMESPACE, '30s', '256 bytes', 'modern-bpf', 'proc.name=nginx', 'members of <!subteam^S0ONCALL>', 'Expires']) {
      expect(shown).toContain(part);
    }
    expect(buttonLabels({ ...card, blocks: first.blocks })).toEqual(['Approve', 'Deny']);
  });

  it('refuses the requester, even as a member of the approver group', () => {
    expect(answers.requester).toContain("you can't approve this: you requested it");
  });

  it('refuses someone who is not an approver, for Approve and Deny alike', () => {
    expect(answers.bystander).toContain("you can't approve this: only members of <!subteam^S0ONCALL> may approve");
    expect(answers.bystanderDeny).toContain("you can't approve this");
    expect(world.slack.views()).toEqual([]);
  });

  it('changed nothing for those refused clicks', () => {
    expect(JSON.parse(answers.beforeApproval!)).toHaveLength(1);
    expect(answers.jobsBeforeApproval).toBe('0');
  });

  it('updates the card in place when the approver approves: who, when, no buttons', () => {
    const now = currentCard(world, CHANNEL, card.ts);
    expect(now.text).toMatch(new RegExp(`approved by <@${ONCALL}> at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC`));
    expect(buttonLabels(now)).toEqual([]);
  });

  it('then runs the normal capture: one status message, one job carrying the rule and the approver, a link', async () => {
    const status = world.slack.channelMessages(CHANNEL).filter((m) => m.ts !== card.ts);
    expect(status).toHaveLength(1);
    expect(status[0]!.text).toContain('Done');
    expect(status[0]!.replies[0]!.text).toContain('.scap.gz');
    const jobs = await captureJobs(world.prefix);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toMatchObject({ captureId, requestedBy: REQUESTER, approvedBy: ONCALL, policyRule: 'rule "incident"', filter: 'proc.name=nginx', snaplen: 256 });
  });

  it('writes one audit line per event, each with the capture id, who, what, where and the rule', async () => {
    await app.waitForLog((l) => l.audit === 'finished');
    const lines = auditLines(app, captureId);
    expect(lines.map((l) => l.audit)).toEqual(['requested', 'approved', 'started', 'link-issued', 'finished']);
    for (const line of lines) {
      expect(line).toMatchObject({ captureId, requester: REQUESTER, channel: CHANNEL, rule: 'rule "incident"', target: { pod: INCIDENT_POD, namespace: INCIDENT_NAMESPACE } });
    }
    expect(lines.find((l) => l.audit === 'approved')).toMatchObject({ who: ONCALL });
    expect(lines.find((l) => l.audit === 'link-issued')).toMatchObject({ key: expect.stringContaining('.scap.gz'), linkExpiresAt: expect.any(String) });
  });

  it('posts the same events to AUDIT_CHANNEL, one line each, never the link', async () => {
    await expect.poll(() => world.slack.channelMessages(AUDIT).length, { timeout: 5_000 }).toBe(5);
    const lines = world.slack.channelMessages(AUDIT).map((m) => m.text);
    for (const line of lines) {
      expect(line).toContain(captureId);
      expect(line).not.toContain('\n');
      expect(line).not.toContain('X-Amz-Signature');
    }
    // The bot and the worker post their own events, so only each one's order is fixed.
    expect(lines.filter((l) => l.includes(`approved by <@${ONCALL}>`))).toHaveLength(1);
    expect(lines.filter((l) => /link issued .* expires/.test(l))).toHaveLength(1);
    expect(lines[0]).toContain(`requested by <@${REQUESTER}>`);
  });

  it('never logs the link', () => {
    expect(app.output()).not.toContain('X-Amz-Signature');
  });
});

describe('when an approver denies with a reason', () => {
  let world: World;
  let app: CapturebotProcess;
  let card: ChannelMessage;

  beforeAll(async () => {
    world = await startWorld({ policy: POLICY });
    world.slack.setUserGroup('S0ONCALL', [ONCALL]);
    app = await startApp(world, 'all');
    await world.slack.sendSlashCommand(eventsUrl(app), { text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, userId: REQUESTER, channelId: CHANNEL });
    card = await waitForCard(world, CHANNEL);
    await clickButton(world, app, card, ONCALL, DENY);
    await world.slack.waitFor('views.open');
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('opens a modal asking for an optional reason', () => {
    const [view] = world.slack.views();
    expect(view?.user).toBe(ONCALL);
    expect(JSON.stringify(view?.view.blocks)).toContain('Reason');
  });

  it('on submit, closes the modal, shows who denied and why on the card, and tells the requester', async () => {
    const submitted = await submitDeny(world, app, ONCALL, 'not during the payment run');
    expect(submitted.status).toBe(200);
    expect(submitted.body).toBe('');
    await world.slack.waitFor((c) => c.method === 'chat.update' && c.args.ts === card.ts);
    const now = currentCard(world, CHANNEL, card.ts);
    expect(now.text).toMatch(new RegExp(`denied by <@${ONCALL}> at .*: not during the payment run`));
    expect(buttonLabels(now)).toEqual([]);
    await world.slack.waitFor('chat.postEphemeral');
    const told = world.slack.ephemeralMessages(REQUESTER);
    expect(told.at(-1)?.text).toContain(`<@${ONCALL}> denied your capture of pod \`${INCIDENT_POD}\``);
    expect(told.at(-1)?.text).toContain('not during the payment run');
  });

  it('started nothing, and audited the denial with who and why', async () => {
    expect(await captureJobs(world.prefix)).toEqual([]);
    expect(world.slack.channelMessages(CHANNEL)).toHaveLength(1);
    expect(auditLines(app).map((l) => l.audit)).toEqual(['requested', 'denied']);
    expect(auditLines(app)[1]).toMatchObject({ who: ONCALL, reason: 'not during the payment run', rule: 'rule "incident"' });
  });

  it('answers a later Approve with who denied it, changing nothing', async () => {
    const answer = await ephemeralAnswer(world, await clickButton(world, app, { ...card, blocks: card.history[0]!.blocks }, ONCALL, APPROVE));
    expect(answer).toContain(`already denied by <@${ONCALL}>`);
    expect(await captureJobs(world.prefix)).toEqual([]);
  });
});

describe('when the bot runs in Socket Mode', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld({ socketMode: true, policy: POLICY });
    world.slack.setUserGroup('S0ONCALL', [ONCALL]);
    app = await startApp(world, 'all');
    await world.slack.waitForSocket();
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('takes approvals and denials over the socket too', async () => {
    await world.slack.socketSlashCommand({ text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, userId: REQUESTER, channelId: CHANNEL });
    const first = await waitForCard(world, CHANNEL, 1);
    const click = (card: ChannelMessage, actionId: string) =>
      world.slack.socketInteraction({
        type: 'block_actions',
        user: { id: ONCALL },
        channel: { id: CHANNEL },
        message: { ts: card.ts },
        actions: [{ type: 'button', action_id: actionId, block_id: 'capture_approval', value: buttonValue(card, actionId) }],
      });
    await click(first, APPROVE);
    await expect.poll(() => currentCard(world, CHANNEL, first.ts).text, { timeout: 5_000 }).toContain(`approved by <@${ONCALL}>`);
    await expect.poll(async () => (await captureJobs(world.prefix)).length, { timeout: 5_000 }).toBe(1);

    await world.slack.socketSlashCommand({ text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 20s`, userId: REQUESTER, channelId: CHANNEL });
    const second = await waitForCard(world, CHANNEL, 2);
    await click(second, DENY);
    await world.slack.waitFor('views.open');
    const view = world.slack.views()[0]!;
    const submitted = await world.slack.socketInteraction({
      type: 'view_submission',
      user: { id: ONCALL },
      view: { id: view.id, state: { values: { reason: { reason_input: { type: 'plain_text_input', value: 'one is enough' } } } } },
    });
    expect(submitted.payload ?? {}).not.toHaveProperty('response_action');
    await expect.poll(() => currentCard(world, CHANNEL, second.ts).text, { timeout: 5_000 }).toContain('one is enough');
    expect(await captureJobs(world.prefix)).toHaveLength(1);
  });
});
