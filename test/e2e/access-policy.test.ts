import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCapturebot, type CapturebotProcess } from '../support/capturebot-process.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { auditLines, captureJobs, replacePolicy } from '../support/approvals.js';

const INCIDENT = 'C0INCIDENT';
const SRE = 'U0SRE';
const DEV = 'U0DEV';

const policy = (maxDuration: string) => `
defaults:
  approval: required
rules:
  - name: incident
    namespaces: ["ticket-*", "payments"]
    channels: [${INCIDENT}]
    requesters: [S0SRE]
    approval: none
    maxDuration: ${maxDuration}
  - namespaces: ["kube-system"]
    deny: "captures in kube-system are not allowed"
`;

describe('when the access policy decides a request', () => {
  let world: World;
  let app: CapturebotProcess;

  const ask = async (text: string, user = SRE, channel = INCIDENT) => {
    const result = await world.slack.sendSlashCommand(eventsUrl(app), { text, userId: user, channelId: channel });
    return world.slack.readFirst(result);
  };

  beforeAll(async () => {
    world = await startWorld({ policy: policy('60s') });
    world.slack.setUserGroup('S0SRE', [SRE]);
    app = await startApp(world, 'all');
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('refuses a request over a limit, naming the limit and the rule, and posts and queues nothing', async () => {
    const text = await ask(`${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 90s`);
    expect(text).toContain('60s is the most for namespace ticket-generator under rule "incident"; you asked for 1m30s.');
    expect(text).toContain('Nothing was started.');
    expect(text).toContain(`Try \`/capture ${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 1m\``);
    expect(world.slack.calls('chat.postMessage')).toEqual([]);
    expect(await captureJobs(world.prefix)).toEqual([]);
  });

  it('answers /capture policy -n NS with the rule for this channel and user, in a few lines', async () => {
    const text = await ask(`policy -n ${INCIDENT_NAMESPACE}`);
    expect(text.split('\n')).toEqual([
      `:scroll: Captures in namespace \`${INCIDENT_NAMESPACE}\`: rule "incident".`,
      `Who may request: members of <!subteam^S0SRE>, only in <#${INCIDENT}> (this one is listed). Approval: none.`,
      'Limits: duration at most 60s, snaplen at most 4096 bytes; drivers modern-bpf, ebpf and kmod.',
      ':white_check_mark: You: a capture starts at once, no approval needed.',
    ]);
    expect(await ask('policy', DEV, 'C0RANDOM')).toContain('the policy defaults');
    expect(world.slack.calls('chat.postMessage')).toEqual([]);
  });

  it('refuses a namespace a deny rule closes, with its reason', async () => {
    const text = await ask('coredns-5d78c9869d-abcde -n kube-system 10s');
    expect(text).toContain('captures in kube-system are not allowed');
    expect(text).toMatch(/rule 2 \(namespaces kube-system\)/);
  });

  it('refuses a request from a channel the rule does not list', async () => {
    expect(await ask(`${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, SRE, 'C0RANDOM')).toContain(`can only be requested in <#${INCIDENT}>`);
  });

  it('refuses a requester outside the rule\'s user group', async () => {
    expect(await ask(`${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, DEV)).toContain("You can't request captures in namespace ticket-generator under rule \"incident\": only members of <!subteam^S0SRE> may.");
  });

  it('posted and queued nothing for any of these, and audited each request and refusal with its rule', async () => {
    expect(world.slack.calls('chat.postMessage')).toEqual([]);
    expect(await captureJobs(world.prefix)).toEqual([]);
    const lines = auditLines(app);
    expect(lines.map((l) => l.audit)).toEqual(['requested', 'refused', 'requested', 'refused', 'requested', 'refused', 'requested', 'refused']);
    expect(lines[3]).toMatchObject({ rule: 'rule 2 (namespaces kube-system)', target: { namespace: 'kube-system' } });
    expect(lines[7]).toMatchObject({ who: DEV, rule: 'rule "incident"', reason: expect.stringContaining('S0SRE') });
  });

  it('lets a group member capture at once where the rule needs no approval, asking Slack for the group once', async () => {
    const text = await ask(`${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 60s`);
    expect(text).toContain('accepted');
    await expect.poll(async () => (await captureJobs(world.prefix)).length, { timeout: 5_000 }).toBe(1);
    const jobs = await captureJobs(world.prefix);
    expect(jobs[0]!.data).toMatchObject({ policyRule: 'rule "incident"', durationSeconds: 60 });
    expect(jobs[0]!.data).not.toHaveProperty('approvedBy');
    expect(world.slack.calls('usergroups.users.list').map((c) => c.args.usergroup)).toEqual(['S0SRE']);
  });

  it('follows an edit of the policy file: the next request obeys the new rule', async () => {
    await replacePolicy(world.policyFile, policy('120s'));
    await app.waitForLog((l) => l.msg.startsWith('policy file changed'), 10_000);
    expect(await ask(`${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 90s`)).toContain('accepted');
  });

  it('keeps the last good policy when an edit is invalid, and logs where the file is wrong', async () => {
    await replacePolicy(world.policyFile, `${policy('120s')}    maxSnaplen: lots\n`);
    const refused = await app.waitForLog((l) => l.msg.startsWith('policy file change refused'), 10_000);
    expect(String(refused.problem)).toMatch(new RegExp(`^${world.policyFile}:\\d+:\\d+: `));
    expect(await ask(`${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 100s`)).toContain('accepted');
    expect(await ask(`${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 121s`)).toContain('120s is the most');
  });
});

describe('when the policy file is invalid at start-up', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld({ policy: 'defaults:\n  approval: required\nrules:\n  - namespaces: ["payments"]\n    maxDuration: forever\n' });
  });

  afterAll(async () => {
    await world?.close();
  });

  it.each(['bot', 'all'])('the %s role exits 1 with one line naming the file, the line and the reason', async (role) => {
    const app = await startCapturebot(role, world.env, { waitReady: false });
    const { code } = await app.exited;
    expect(code).toBe(1);
    const lines = app.output().split('\n').filter((line) => line.startsWith('capturebot:'));
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^capturebot: CAPTUREBOT_POLICY ${world.policyFile}:5:\\d+: rules\\[0\\]\\.maxDuration: `))]);
    expect(app.logs.some((l) => l.msg === 'capturebot started')).toBe(false);
  });

  it('exits 1 naming a policy file that does not exist', async () => {
    const app = await startCapturebot('bot', { ...world.env, CAPTUREBOT_POLICY: `${world.policyFile}.missing` }, { waitReady: false });
    expect((await app.exited).code).toBe(1);
    expect(app.output()).toContain(`capturebot: CAPTUREBOT_POLICY ${world.policyFile}.missing: cannot read the policy file`);
  });

  it('does not check the policy in the worker role, which does not use it', async () => {
    writeFileSync(world.policyFile, 'defaults: [\n');
    const app = await startCapturebot('worker', world.env);
    try {
      expect(app.logs.some((l) => l.msg === 'capturebot started')).toBe(true);
    } finally {
      await app.stop();
    }
  });
});
