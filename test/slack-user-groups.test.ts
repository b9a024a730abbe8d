import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { SlackUserGroups } from '../src/slack/slack-user-groups.js';
import { RecordingLogger, startSlackStandIn, type SlackStandIn } from './support/slack/index.js';

const botToken = 'xoxb-test';
let slack: SlackStandIn;
let now: number;

function groups(options: { ttlMs?: number; timeoutMs?: number } = {}): SlackUserGroups {
  const client = new WebClient(botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: new RecordingLogger() });
  return new SlackUserGroups(client, createLogger('silent'), { now: () => now, ...options });
}

const lookups = () => slack.calls('usergroups.users.list').length;

beforeEach(async () => {
  slack = await startSlackStandIn({ botToken, signingSecret: 'secret' });
  slack.setUserGroup('S0ONCALL', ['U0ALICE', 'U0BOB']);
  slack.setUserGroup('S0SRE', ['U0CAROL']);
  now = 1_000_000;
});

afterEach(async () => {
  await slack.close();
});

describe('when the policy asks who is in a user group', () => {
  it("remembers Slack's error for a group that does not exist, and forgets it once the group exists", async () => {
    const directory = groups({ ttlMs: 0 });
    const membership = await directory.membership(['S0NOPE', 'S0SRE']);
    expect(membership('S0NOPE')).toBeUndefined();
    expect(directory.unknownToSlack('S0NOPE')).toBe('no_such_subteam');
    expect(directory.unknownToSlack('S0SRE')).toBeUndefined();
    slack.setUserGroup('S0NOPE', ['U0DAVE']);
    expect((await directory.membership(['S0NOPE']))('S0NOPE')).toEqual(['U0DAVE']);
    expect(directory.unknownToSlack('S0NOPE')).toBeUndefined();
  });

  it('does not call a group that only timed out unknown', async () => {
    const directory = groups({ timeoutMs: 50 });
    slack.setLatencyMs(200);
    await directory.membership(['S0SRE']);
    expect(directory.unknownToSlack('S0SRE')).toBeUndefined();
  });

  it('answers with the members Slack lists for each group', async () => {
    const membership = await groups().membership(['S0ONCALL', 'S0SRE']);
    expect(membership('S0ONCALL')).toEqual(['U0ALICE', 'U0BOB']);
    expect(membership('S0SRE')).toEqual(['U0CAROL']);
    expect(slack.calls('usergroups.users.list').map((c) => c.args.usergroup).sort()).toEqual(['S0ONCALL', 'S0SRE']);
  });

  it('asks Slack once within the cache time, then again after it', async () => {
    const directory = groups({ ttlMs: 180_000 });
    await directory.membership(['S0ONCALL']);
    slack.setUserGroup('S0ONCALL', ['U0ALICE']);
    now += 179_000;
    expect((await directory.membership(['S0ONCALL']))('S0ONCALL')).toEqual(['U0ALICE', 'U0BOB']);
    expect(lookups()).toBe(1);
    now += 2_000;
    expect((await directory.membership(['S0ONCALL']))('S0ONCALL')).toEqual(['U0ALICE']);
    expect(lookups()).toBe(2);
  });

  it('shares one call among concurrent lookups of the same group', async () => {
    const directory = groups();
    await Promise.all([directory.membership(['S0ONCALL']), directory.membership(['S0ONCALL', 'S0ONCALL'])]);
    expect(lookups()).toBe(1);
  });

  it('answers "not known" for a group Slack does not have, or when Slack fails, and asks again next time', async () => {
    const directory = groups();
    expect((await directory.membership(['S0GHOST']))('S0GHOST')).toBeUndefined();
    slack.failNext('usergroups.users.list', { status: 500 });
    expect((await directory.membership(['S0ONCALL']))('S0ONCALL')).toBeUndefined();
    expect((await directory.membership(['S0ONCALL']))('S0ONCALL')).toEqual(['U0ALICE', 'U0BOB']);
  });

  it('gives up on a slow answer instead of holding the request', async () => {
    slack.failNext('usergroups.users.list', { delayMs: 1_000 });
    expect((await groups({ timeoutMs: 200 }).membership(['S0ONCALL']))('S0ONCALL')).toBeUndefined();
  });

  it('knows nothing of groups it was not asked about', async () => {
    expect((await groups().membership(['S0ONCALL']))('S0SRE')).toBeUndefined();
  });
});
