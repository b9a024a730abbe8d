import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from './support/slack/index.js';
import { RecordingLogger, startSlackStandIn } from './support/slack/index.js';

const botToken = 'xoxb-test';
const appToken = 'xapp-test';
const channel = 'C0INCIDENT';

let slack: SlackStandIn;

function webClient(token: string | null = botToken, options: webApi.WebClientOptions = {}): webApi.WebClient {
  return new webApi.WebClient(token ?? undefined, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: new RecordingLogger(), ...options });
}

async function platformError(call: Promise<unknown>): Promise<string | undefined> {
  const error = await call.then(() => undefined, (caught: unknown) => caught);
  if (error === undefined) throw new Error('expected the call to fail');
  return (error as webApi.WebAPIPlatformError).data?.error;
}

beforeEach(async () => {
  slack = await startSlackStandIn({ botToken, signingSecret: 'secret', appToken });
});

afterEach(async () => {
  await slack.close();
});

describe('when WebClient posts and edits messages', () => {
  it('returns increasing Slack timestamps and keeps the messages per channel', async () => {
    const client = webClient();
    const first = await client.chat.postMessage({ channel, text: 'first' });
    const second = await client.chat.postMessage({ channel, text: 'second' });

    expect(first.ok).toBe(true);
    expect(first.channel).toBe(channel);
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(first.message?.text).toBe('first');
    expect(first.message?.bot_id).toBe(slack.workspace.botId);
    expect(slack.channelMessages(channel).map((message) => message.text)).toEqual(['first', 'second']);
    expect(slack.channelMessages('C0OTHER')).toEqual([]);
  });

  it('decodes blocks that WebClient sends as JSON text in a form body', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*capturing*' } }];
    await webClient().chat.postMessage({ channel, text: 'fallback', blocks });

    const [call] = slack.calls('chat.postMessage');
    expect(call?.token).toBe(botToken);
    expect(call?.args.blocks).toEqual(blocks);
    expect(slack.channelMessages(channel)[0]?.blocks).toEqual(blocks);
  });

  it('accepts a JSON body with the token in the Authorization header', async () => {
    const response = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${botToken}` },
      body: JSON.stringify({ channel, text: 'from json', blocks: [{ type: 'divider' }] }),
    });

    expect(await response.json()).toMatchObject({ ok: true, channel });
    expect(slack.channelMessages(channel)[0]).toMatchObject({ text: 'from json', blocks: [{ type: 'divider' }] });
  });

  it('replaces the content on chat.update and keeps every version', async () => {
    const client = webClient();
    const posted = await client.chat.postMessage({ channel, text: 'queued', blocks: [{ type: 'divider' }] });
    const updated = await client.chat.update({ channel, ts: posted.ts!, text: 'running' });

    expect(updated).toMatchObject({ ok: true, channel, ts: posted.ts, text: 'running' });
    const [message] = slack.channelMessages(channel);
    expect(message?.text).toBe('running');
    expect(message?.blocks).toEqual([{ type: 'divider' }]);
    expect(message?.history.map((version) => version.text)).toEqual(['queued', 'running']);
  });

  it('refuses to update a message that does not exist', async () => {
    expect(await platformError(webClient().chat.update({ channel, ts: '1700000000.000100', text: 'x' }))).toBe('message_not_found');
  });

  it('files replies under their thread, also when thread_ts names a reply', async () => {
    const client = webClient();
    const parent = await client.chat.postMessage({ channel, text: 'status' });
    const reply = await client.chat.postMessage({ channel, text: 'link', thread_ts: parent.ts! });
    await client.chat.postMessage({ channel, text: 'summary', thread_ts: reply.ts! });

    const messages = slack.channelMessages(channel);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.replies.map((message) => [message.text, message.threadTs])).toEqual([
      ['link', parent.ts],
      ['summary', parent.ts],
    ]);
    expect(await platformError(client.chat.postMessage({ channel, text: 'lost', thread_ts: '1.000001' }))).toBe('thread_not_found');
  });

  it('deletes a message', async () => {
    const client = webClient();
    const posted = await client.chat.postMessage({ channel, text: 'oops' });
    await client.chat.delete({ channel, ts: posted.ts! });

    expect(slack.channelMessages(channel)).toEqual([]);
    expect(await platformError(client.chat.delete({ channel, ts: posted.ts! }))).toBe('message_not_found');
  });

  it('keeps ephemeral messages per user and refuses users outside a known channel', async () => {
    const client = webClient();
    slack.setChannelMembers(channel, ['U0ALICE']);
    const sent = await client.chat.postEphemeral({ channel, user: 'U0ALICE', text: 'only you' });

    expect(sent.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(slack.ephemeralMessages('U0ALICE')).toMatchObject([{ channel, user: 'U0ALICE', text: 'only you' }]);
    expect(slack.ephemeralMessages('U0BOB')).toEqual([]);
    expect(await platformError(client.chat.postEphemeral({ channel, user: 'U0BOB', text: 'x' }))).toBe('user_not_in_channel');
    expect(slack.channelMessages(channel)).toEqual([]);
  });
});

describe('when tokens are wrong', () => {
  it('answers not_authed without a token and invalid_auth with a wrong one', async () => {
    expect(await platformError(webClient(null).auth.test())).toBe('not_authed');
    expect(await platformError(webClient('xoxb-wrong').chat.postMessage({ channel, text: 'x' }))).toBe('invalid_auth');
    expect(slack.calls().map((call) => [call.method, call.status, call.error])).toEqual([
      ['auth.test', 200, 'not_authed'],
      ['chat.postMessage', 200, 'invalid_auth'],
    ]);
  });

  it('keeps the app token and the bot token to their own methods', async () => {
    expect(await platformError(webClient(appToken).chat.postMessage({ channel, text: 'x' }))).toBe('not_allowed_token_type');
    expect(await platformError(webClient(botToken).apps.connections.open({}))).toBe('not_allowed_token_type');
    const opened = await webClient(appToken).apps.connections.open({});
    expect(opened.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
  });

  it('accepts the token as a form field', async () => {
    const response = await fetch(`${slack.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: botToken }).toString(),
    });
    expect(await response.json()).toMatchObject({ ok: true, user_id: slack.workspace.botUserId, bot_id: slack.workspace.botId });
  });
});

describe('when the app looks people up', () => {
  it('lists user group members and channel members page by page', async () => {
    const client = webClient();
    slack.setUserGroup('S0ONCALL', ['U0ALICE', 'U0BOB']);
    slack.setChannelMembers(channel, ['U0ALICE', 'U0BOB', 'U0CAROL']);

    expect((await client.usergroups.users.list({ usergroup: 'S0ONCALL' })).users).toEqual(['U0ALICE', 'U0BOB']);
    expect(await platformError(client.usergroups.users.list({ usergroup: 'S0NOPE' }))).toBe('no_such_subteam');
    const first = await client.conversations.members({ channel, limit: 2 });
    const rest = await client.conversations.members({ channel, limit: 2, cursor: first.response_metadata?.next_cursor });
    expect([first.members, rest.members, rest.response_metadata?.next_cursor]).toEqual([['U0ALICE', 'U0BOB'], ['U0CAROL'], '']);
    expect(await platformError(client.conversations.members({ channel: 'C0UNKNOWN' }))).toBe('channel_not_found');
  });

  it('answers users.info for a user id and refuses something else', async () => {
    const client = webClient();
    expect((await client.users.info({ user: 'U0ALICE' })).user).toMatchObject({ id: 'U0ALICE', is_bot: false });
    expect(await platformError(client.users.info({ user: 'not-a-user' }))).toBe('user_not_found');
  });

  it('refuses views.open with a trigger id Slack never issued', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Capture' }, blocks: [] };
    expect(await platformError(webClient().views.open({ trigger_id: '123.456.abc', view }))).toBe('invalid_trigger_id');
  });

  it('opens a view once per trigger id and updates it by id, refusing a stale hash', async () => {
    const client = webClient();
    const triggerId = slack.issueTriggerId('U0ALICE');
    const view = { type: 'modal' as const, callback_id: 'capture_modal', title: { type: 'plain_text' as const, text: 'Capture' }, blocks: [] };
    const opened = await client.views.open({ trigger_id: triggerId, view });
    const id = opened.view!.id!;
    const updated = await client.views.update({ view_id: id, hash: opened.view!.hash!, view: { ...view, title: { type: 'plain_text', text: 'Capturing' } } });

    expect(updated.view).toMatchObject({ id, callback_id: 'capture_modal', title: { text: 'Capturing' } });
    expect(await platformError(client.views.open({ trigger_id: triggerId, view }))).toBe('expired_trigger_id');
    expect(await platformError(client.views.update({ view_id: id, hash: opened.view!.hash!, view }))).toBe('hash_conflict');
    expect(slack.views()).toMatchObject([{ id, user: 'U0ALICE', view: { title: { text: 'Capturing' } } }]);
  });

  it('answers unknown_method for a method it does not know', async () => {
    expect(await platformError(webClient().apiCall('chat.scheduleTeleport', { channel }))).toBe('unknown_method');
  });
});

describe('when faults are injected', () => {
  it('answers HTTP 500 that WebClient raises as an HTTP error, then recovers', async () => {
    slack.failNext('chat.postMessage', { status: 500 });
    const error = await webClient().chat.postMessage({ channel, text: 'x' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: webApi.ErrorCode.HTTPError, statusCode: 500 });
    expect(slack.channelMessages(channel)).toEqual([]);
    await expect(webClient().chat.postMessage({ channel, text: 'again' })).resolves.toMatchObject({ ok: true });
  });

  it('rate-limits with Retry-After, which WebClient honours or reports', async () => {
    slack.failNext('chat.update', { status: 429, retryAfterSec: 7 });
    const rejected = await webClient(botToken, { rejectRateLimitedCalls: true }).chat.update({ channel, ts: '1.1', text: 'x' }).catch((caught: unknown) => caught);
    expect(rejected).toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 7 });

    const client = webClient(botToken, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const posted = await client.chat.postMessage({ channel, text: 'x' });
    slack.failNext('chat.update', { status: 429, retryAfterSec: 0 });
    await expect(client.chat.update({ channel, ts: posted.ts!, text: 'y' })).resolves.toMatchObject({ ok: true });
    expect(slack.calls('chat.update').map((call) => call.status)).toEqual([429, 429, 200]);
  });

  it('fails the given number of calls with a Slack error code', async () => {
    slack.failNext('chat.postMessage', { error: 'channel_not_found', times: 2 });
    const client = webClient();
    expect(await platformError(client.chat.postMessage({ channel, text: '1' }))).toBe('channel_not_found');
    expect(await platformError(client.chat.postMessage({ channel, text: '2' }))).toBe('channel_not_found');
    await expect(client.chat.postMessage({ channel, text: '3' })).resolves.toMatchObject({ ok: true });
    expect(slack.channelMessages(channel).map((message) => message.text)).toEqual(['3']);
  });

  it('answers HTTP 503 when told to', async () => {
    slack.failNext('users.info', { status: 503 });
    const error = await webClient().users.info({ user: 'U0ALICE' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: webApi.ErrorCode.HTTPError, statusCode: 503 });
  });

  it('adds the configured latency to every answer', async () => {
    const client = webClient(botToken, { timeout: 100 });
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
    slack.setLatencyMs(400);
    await expect(client.auth.test()).rejects.toMatchObject({ code: webApi.ErrorCode.RequestError });
  });

  it('holds an answer back past the client timeout', async () => {
    slack.failNext('chat.postMessage', { delayMs: 300 });
    const error = await webClient(botToken, { timeout: 50 }).chat.postMessage({ channel, text: 'slow' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: webApi.ErrorCode.RequestError });
  });
});

describe('when a test waits for calls', () => {
  it('resolves on a matching call recorded later', async () => {
    const waiting = slack.waitFor((call) => call.method === 'chat.update' && call.args.text === 'done');
    const client = webClient();
    const posted = await client.chat.postMessage({ channel, text: 'started' });
    await client.chat.update({ channel, ts: posted.ts!, text: 'halfway' });
    await client.chat.update({ channel, ts: posted.ts!, text: 'done' });

    const call = await waiting;
    expect(call.args).toMatchObject({ channel, ts: posted.ts, text: 'done' });
  });

  it('matches earlier calls unless told to wait for a fresh one', async () => {
    await webClient().auth.test();
    await expect(slack.waitFor('auth.test')).resolves.toMatchObject({ method: 'auth.test', ok: true });
    await expect(slack.waitFor('auth.test', { fresh: true, timeoutMs: 50 })).rejects.toThrow(/no auth.test within 50 ms/);
  });
});
