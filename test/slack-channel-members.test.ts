import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelMembers } from '../src/slack/channel-members.js';
import { webClientOptions } from '../src/slack/web-client-options.js';
import { startSlackStandIn, type SlackStandIn } from './support/slack/index.js';

const TOKEN = 'xoxb-members-test';

describe('ChannelMembers over conversations.members', () => {
  let slack: SlackStandIn;
  let client: WebClient;
  let now = 0;

  beforeEach(async () => {
    slack = await startSlackStandIn({ botToken: TOKEN, signingSecret: 'secret' });
    client = new WebClient(TOKEN, { ...webClientOptions(slack.apiUrl), retryConfig: { retries: 0 } });
    now = 0;
  });
  afterEach(() => slack.close());

  it('reads every page of a large channel', async () => {
    const users = Array.from({ length: 450 }, (_, i) => `U${String(i).padStart(6, '0')}`);
    slack.setChannelMembers('C0BIG', users);
    const members = new ChannelMembers(client);
    expect(await members.isMember('C0BIG', 'U000449')).toBe(true);
    expect(await members.isMember('C0BIG', 'U0NOTHERE')).toBe(false);
    expect(slack.calls('conversations.members').map((call) => call.args.cursor === undefined)).toEqual([true, false, false]);
  });

  it('asks Slack again only once the cache has expired', async () => {
    slack.setChannelMembers('C0TEAM', ['U0ALICE']);
    const members = new ChannelMembers(client, { ttlMs: 60_000, now: () => now });
    expect(await members.isMember('C0TEAM', 'U0BOB')).toBe(false);
    slack.setChannelMembers('C0TEAM', ['U0ALICE', 'U0BOB']);
    now = 59_000;
    expect(await members.isMember('C0TEAM', 'U0BOB')).toBe(false);
    now = 60_000;
    expect(await members.isMember('C0TEAM', 'U0BOB')).toBe(true);
    expect(slack.calls('conversations.members')).toHaveLength(2);
  });

  it('throws when the channel cannot be read, and does not remember the failure', async () => {
    const members = new ChannelMembers(client);
    await expect(members.isMember('C0UNKNOWN', 'U0ALICE')).rejects.toThrow(/channel_not_found/);
    slack.setChannelMembers('C0UNKNOWN', ['U0ALICE']);
    expect(await members.isMember('C0UNKNOWN', 'U0ALICE')).toBe(true);
  });
});
