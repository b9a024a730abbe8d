import { readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { auditLines } from '../support/approvals.js';
import { fixturePath } from '../support/fixtures.js';
import { REDIS_URL } from '../support/redis.js';

const CHANNEL = 'C0HISTORY';
const OTHER_CHANNEL = 'C0ELSEWHERE';
const USER = 'U0RESPONDER';
const MEMBER = 'U0TEAMMATE';
const STRANGER = 'U0STRANGER';
/** Joined the channel after the captures; the policy does not let them request captures in the namespace. */
const LATECOMER = 'U0LATECOMER';
const POLICY = `defaults:\n  approval: none\nrules:\n  - namespaces: [${INCIDENT_NAMESPACE}]\n    requesters: [${USER}, ${MEMBER}]\n`;
const SLOW_POD = 'ticket-server-56c75bf88b-nqpcs';

interface Block {
  readonly type: string;
  readonly text?: { readonly text: string };
  readonly accessory?: { readonly action_id: string; readonly value: string; readonly text: { readonly text: string } };
}

function linkIn(text: string): string {
  const match = /<(http[^|>]+)\|/.exec(text);
  if (!match?.[1]) throw new Error(`no link in: ${text}`);
  return match[1].replace(/&amp;/g, '&');
}

describe('when responders look back at the captures of their channel', () => {
  let world: World;
  let app: CapturebotProcess;
  let doneId: string;
  let failedId: string;
  let otherId: string;

  /** Sends /capture … and returns the capture id from the answer. */
  async function request(text: string, channel: string): Promise<string> {
    const ack = await world.slack.sendSlashCommand(eventsUrl(app), { text, userId: USER, channelId: channel });
    const answer = await world.slack.readFirst(ack);
    const id = /Capture `([0-9A-Z]{26})` accepted/.exec(answer)?.[1];
    if (!id) throw new Error(`no capture id in ${answer}`);
    return id;
  }

  async function finished(captureId: string, word: 'Done' | 'Failed'): Promise<void> {
    await world.slack.waitFor((c) => c.method === 'chat.update' && JSON.stringify(c.args.blocks).includes(captureId) && String(c.args.text).includes(word), { timeoutMs: 30_000 });
    // BullMQ records the outcome just after the last status update.
    await vi.waitFor(async () => expect(await stateOf(captureId)).toBe(word === 'Done' ? 'completed' : 'failed'), { timeout: 10_000 });
  }

  async function stateOf(captureId: string): Promise<string> {
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('captures', { connection, prefix: world.prefix });
    try {
      return (await (await queue.getJob(captureId))?.getState()) ?? 'missing';
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }

  /** Sends a /capture command and returns what the bot answered through the response_url (after its empty ack). */
  async function answerTo(text: string, userId = USER, channelId = CHANNEL) {
    const sent = await world.slack.sendSlashCommand(eventsUrl(app), { text, userId, channelId });
    expect(sent.body).toBe('');
    const [post] = await world.slack.waitForResponses(sent.responseUrl, { timeoutMs: 10_000 });
    return post!.body as { response_type: string; text: string; blocks: Block[] };
  }

  async function click(captureId: string, userId: string) {
    const clicked = await world.slack.sendInteraction(eventsUrl(app), {
      type: 'block_actions',
      user: { id: userId },
      channel: { id: CHANNEL, name: 'incident' },
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: CHANNEL, is_ephemeral: true },
      actions: [{ action_id: 'capture_fresh_link', block_id: 'list', value: captureId }],
    });
    expect(clicked.status).toBe(200);
    const [post] = await world.slack.waitForResponses(clicked.responseUrl!, { timeoutMs: 10_000 });
    return post!.body as { text: string; replace_original: boolean };
  }

  beforeAll(async () => {
    world = await startWorld({ policy: POLICY });
    world.slack.setChannelMembers(CHANNEL, [USER, MEMBER, LATECOMER]);
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: SLOW_POD, nodeName: 'node-b' });
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: 'broken-driver-0', nodeName: 'node-b' });
    world.kube.setScenario((pod) => {
      const target = pod.metadata.annotations?.['capturebot.io/target-pod'];
      if (target === SLOW_POD) return { kind: 'trace', traceFile: fixturePath('curl_google.scap'), finish: 'manual' };
      if (target === 'broken-driver-0') return { kind: 'capture-fails', exitCode: 1, logLines: ['Unable to load the driver'] };
      return { kind: 'trace', traceFile: fixturePath('balancer-502.scap') };
    });
    app = await startApp(world);
    doneId = await request(`${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, CHANNEL);
    await finished(doneId, 'Done');
    failedId = await request(`broken-driver-0 -n ${INCIDENT_NAMESPACE} 5s`, CHANNEL);
    await finished(failedId, 'Failed');
    otherId = await request(`${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 10s`, OTHER_CHANNEL);
    await finished(otherId, 'Done');
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  describe('/capture list', () => {
    let answer: Awaited<ReturnType<typeof answerTo>>;
    beforeAll(async () => {
      answer = await answerTo('list');
    });

    it('answers only the one who asked', () => {
      expect(answer.response_type).toBe('ephemeral');
    });

    it("shows this channel's captures, newest first: who, what, when, outcome, size", () => {
      const rows = answer.blocks.filter((block) => block.type === 'section').slice(1).map((block) => block.text!.text);
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatch(new RegExp(`^\\*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\* · <@${USER}> · pod \`broken-driver-0\` in namespace \`ticket-generator\`, 5s · :x: failed: sysdig exited with code 1`));
      const size = readFileSync(fixturePath('balancer-502.scap')).length;
      expect(rows[1]).toContain(`<@${USER}> · pod \`${INCIDENT_POD}\` in namespace \`ticket-generator\`, 30s · :white_check_mark: done, ${(size / 1024).toFixed(1)} KiB`);
      expect(answer.text).toContain(doneId);
      expect(answer.text).not.toContain(otherId);
    });

    it('offers a fresh link only for the capture that has a trace', () => {
      const buttons = answer.blocks.flatMap((block) => (block.accessory ? [block.accessory] : []));
      expect(buttons).toEqual([{ type: 'button', action_id: 'capture_fresh_link', value: doneId, text: { type: 'plain_text', text: 'Fresh link' } }]);
    });
  });

  describe('/capture status', () => {
    it('shows one capture of this channel by id', async () => {
      const answer = await answerTo(`status ${doneId.toLowerCase()}`);
      expect(answer.text).toContain(':white_check_mark: done');
      expect(answer.text).toContain(doneId);
    });

    it('does not show a capture of another channel', async () => {
      const answer = await answerTo(`status ${otherId}`);
      expect(answer.text).toBe(`:warning: There is no capture \`${otherId}\` in this channel (finished captures are forgotten after a week).`);
    });

    it('says when nothing runs in the channel', async () => {
      expect((await answerTo('status')).text).toMatch(/^:information_source: No capture is running or waiting in this channel/);
    });

    it("lists the channel's running captures", async () => {
      const runningId = await request(`${SLOW_POD} -n ${INCIDENT_NAMESPACE} 10s`, CHANNEL);
      await world.slack.waitFor((c) => c.method === 'chat.update' && JSON.stringify(c.args.blocks).includes(runningId) && String(c.args.text).includes('Capturing'), { timeoutMs: 20_000 });
      const answer = await answerTo('status');
      expect(answer.text).toContain('One capture has not finished in this channel');
      expect(answer.text).toContain(`pod \`${SLOW_POD}\``);
      expect(answer.text).toContain(':red_circle: running');
      expect(answer.text).toContain(runningId);
      const capturePod = world.kube.pods('capturebot-captures').find((pod) => pod.metadata.labels?.['capturebot.io/capture-id'] === runningId);
      world.kube.finishCapture(capturePod!.metadata.name, 'capturebot-captures');
      await finished(runningId, 'Done');
    }, 60_000);
  });

  describe('the Fresh link button', () => {
    it('gives a member of the channel a new link, which only they see', async () => {
      const original = linkIn(world.slack.channelMessages(CHANNEL).find((m) => JSON.stringify(m.blocks).includes(doneId))!.replies[0]!.text);
      const before = world.slack.calls('chat.postEphemeral').length;
      const answer = await click(doneId, MEMBER);
      expect(answer).toMatchObject({ replace_original: false, text: `:hourglass_flowing_sand: A fresh link to capture \`${doneId}\` is on its way; only you will see it.` });
      const posted = await world.slack.waitFor((c) => c.method === 'chat.postEphemeral' && c.args.user === MEMBER, { timeoutMs: 10_000 });
      expect(world.slack.calls('chat.postEphemeral')).toHaveLength(before + 1);
      expect(posted.args.channel).toBe(CHANNEL);
      const text = String(posted.args.text);
      expect(text).toContain(`:link: Fresh link to capture \`${doneId}\``);
      const fresh = linkIn(text);
      expect(fresh.split('?')[0]).toBe(original.split('?')[0]);
      const bytes = Buffer.from(await (await fetch(fresh)).arrayBuffer());
      expect(bytes.equals(readFileSync(fixturePath('balancer-502.scap')))).toBe(true);
    });

    it('audits the fresh link: to whom, which object, until when, never the URL', async () => {
      const line = await app.waitForLog((l) => l.audit === 'fresh-link-issued' && l.captureId === doneId);
      expect(line).toMatchObject({ who: MEMBER, requester: USER, channel: CHANNEL, key: expect.stringMatching(/\.scap\.gz$/), linkExpiresAt: expect.any(String) });
      expect(JSON.stringify(line)).not.toContain('X-Amz');
    });

    it('logs the fresh link like any other, never the URL, and keeps no URL in Redis', async () => {
      await app.waitForLog((line) => line.msg === 'link issued' && line.fresh === true && line.captureId === doneId);
      expect(app.output()).not.toContain('X-Amz-Signature');
      const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
      const relinks = new Queue('relinks', { connection, prefix: world.prefix });
      // The worker logs the link before it hands the relink job back to BullMQ as completed.
      await expect.poll(() => relinks.getJobCounts('completed'), { timeout: 5_000 }).toEqual({ completed: 1 });
      const jobs = await relinks.getJobs(['completed']);
      await relinks.close();
      connection.disconnect();
      expect(jobs.map((job) => job.returnvalue)).toEqual([expect.objectContaining({ captureId: doneId, userId: MEMBER, files: 1 })]);
      expect(JSON.stringify(jobs.map((job) => [job.data, job.returnvalue]))).not.toContain('X-Amz');
    });

    it('refuses someone who is not a member of the channel, and posts them no link', async () => {
      const before = world.slack.calls('chat.postEphemeral').length;
      const answer = await click(doneId, STRANGER);
      expect(answer.text).toBe(`:no_entry: Only members of <#${CHANNEL}> may get a link to its captures. No link was issued.`);
      const refused = await app.waitForLog((line) => line.audit === 'action-refused' && line.who === STRANGER);
      expect(refused).toMatchObject({ captureId: doneId, channel: CHANNEL, action: 'fresh-link' });
      expect(world.slack.calls('chat.postEphemeral')).toHaveLength(before);
    });

    it('refuses a member who joined later but may not request captures in the namespace, and audits it', async () => {
      const before = world.slack.calls('chat.postEphemeral').length;
      const answer = await click(doneId, LATECOMER);
      expect(answer.text).toBe(
        `:no_entry: Only those who may request captures in namespace ${INCIDENT_NAMESPACE} get links to them: ` +
          `You can't request captures in namespace ${INCIDENT_NAMESPACE} under rule 1 (namespaces ${INCIDENT_NAMESPACE}): only <@${USER}> or <@${MEMBER}> may. No link was issued.`,
      );
      const refused = await app.waitForLog((line) => line.audit === 'action-refused' && line.who === LATECOMER);
      expect(refused).toMatchObject({ captureId: doneId, requester: USER, channel: CHANNEL, action: 'fresh-link' });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(world.slack.calls('chat.postEphemeral')).toHaveLength(before);
      expect(auditLines(app, doneId).filter((l) => l.audit === 'fresh-link-issued').map((l) => l.who)).toEqual([MEMBER]);
    });

    it('says when the capture has no trace to link to', async () => {
      const answer = await click(failedId, MEMBER);
      expect(answer.text).toContain(`Capture \`${failedId}\` has no trace to link to any more`);
    });
  });
});
