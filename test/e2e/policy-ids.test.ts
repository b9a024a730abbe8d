import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';

const INCIDENT = 'C0INCIDENT';
const SRE = 'U0SRE';

// Line numbers matter: the answers name them.
const POLICY = `defaults:
  approval: required
rules:
  - name: incident
    namespaces: ["ticket-*"]
    channels: [${INCIDENT}, C0GONE]
    requesters: [S0NOPE, U0LEFT]
    approval: none
  - name: payments
    namespaces: ["payments"]
    approvers: [S0NOAPPROVERS]
`;

describe('when the policy names Slack ids that do not exist', () => {
  let world: World;
  let app: CapturebotProcess;

  const ask = async (text: string, user = SRE, channel = INCIDENT): Promise<string> => {
    const result = await world.slack.sendSlashCommand(eventsUrl(app), { text, userId: user, channelId: channel });
    return world.slack.readFirst(result);
  };

  beforeAll(async () => {
    world = await startWorld({ policy: POLICY });
    world.slack.forgetId('C0GONE');
    world.slack.forgetId('U0LEFT');
    app = await startApp(world, 'all');
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('logs every unknown id once at start-up, in one line naming each id and its policy line', async () => {
    const line = await app.waitForLog((l) => l.msg.startsWith('configuration error: the policy names Slack ids'), 10_000);
    for (const [id, lineNo] of [['C0GONE', 6], ['S0NOPE', 7], ['U0LEFT', 7], ['S0NOAPPROVERS', 11]] as const) {
      expect(line.msg).toContain(`${id} (`);
      expect(line.msg).toContain(`${world.policyFile}:${lineNo} `);
    }
    expect(line.msg).toContain('no_such_subteam');
    expect(line.msg).toContain('channel_not_found');
    expect(line.msg).toContain('user_not_found');
    expect(line.msg).not.toContain(INCIDENT);
    expect(app.logs.filter((l) => l.msg.startsWith('configuration error: the policy names Slack ids'))).toHaveLength(1);
    // Start-up was not blocked.
    expect(app.logs.some((l) => l.msg === 'capturebot started')).toBe(true);
  });

  it('answers a request that needs an unknown requester group with a configuration error naming the id and line, not "try again"', async () => {
    const text = await ask(`${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`);
    expect(text).toContain('Configuration error');
    expect(text).toContain(`S0NOPE (line 7 (rules[0].requesters) of ${world.policyFile}; Slack says no_such_subteam)`);
    expect(text).not.toContain('try again in a minute');
    expect(text).toContain('Nothing was started.');
  });

  it('refuses a request whose only approvers are an unknown group at once, as a configuration error', async () => {
    const text = await ask('web-1 -n payments 30s');
    expect(text).toContain('Configuration error');
    expect(text).toContain(`S0NOAPPROVERS (line 11 (rules[1].approvers) of ${world.policyFile}`);
    expect(world.slack.channelMessages(INCIDENT)).toEqual([]);
  });
});
