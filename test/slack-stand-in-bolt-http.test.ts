import type { AddressInfo } from 'node:net';
import type { BlockAction, CodedError } from '@slack/bolt';
import { App, webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from './support/slack/index.js';
import { RecordingLogger, startSlackStandIn } from './support/slack/index.js';

const botToken = 'xoxb-test';
const signingSecret = 'secret';
const channel = 'C0INCIDENT';
const command = { text: 'ticket-balancer-5967c66fb4-qnzj6 -n ticket-generator 30s', userId: 'U0ALICE', userName: 'alice', channelId: channel };

let slack: SlackStandIn;
let app: App;
let eventsUrl: string;
let appError: Promise<CodedError>;

/** A tiny Bolt app: acks /capture, posts a status message and edits it, as capturebot does. */
async function startApp(options: { processBeforeResponse?: boolean; beforeAck?: Promise<void> } = {}): Promise<void> {
  let reportError: (error: CodedError) => void = () => undefined;
  appError = new Promise((resolve) => (reportError = resolve));
  app = new App({
    token: botToken,
    signingSecret,
    logger: new RecordingLogger(),
    processBeforeResponse: options.processBeforeResponse ?? false,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
  });
  app.command('/capture', async ({ command: received, ack, client, respond }) => {
    await options.beforeAck;
    await ack({ response_type: 'ephemeral', text: `Capture of \`${received.text}\` requested` });
    const posted = await client.chat.postMessage({ channel: received.channel_id, text: `Capture requested by <@${received.user_id}>` });
    await client.chat.update({ channel: received.channel_id, ts: posted.ts!, text: 'Capture running' });
    await respond({ response_type: 'ephemeral', text: 'Status is in the channel' });
  });
  app.action<BlockAction>('capture_again', async ({ ack, body, client, respond }) => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: 'capture_modal',
        title: { type: 'plain_text', text: 'Capture' },
        submit: { type: 'plain_text', text: 'Start' },
        blocks: [{ type: 'input', block_id: 'duration', label: { type: 'plain_text', text: 'Duration' }, element: { type: 'plain_text_input', action_id: 'value' } }],
      },
    });
    await respond({ replace_original: false, text: 'Opening the form' });
  });
  app.view('capture_modal', async ({ ack, view }) => {
    const duration = view.state.values.duration?.value?.value ?? '';
    await ack({ response_action: 'errors', errors: { duration: `${duration} is longer than 300s` } });
  });
  app.error(async (error) => {
    reportError(error);
  });
  const server = (await app.start(0)) as { address(): AddressInfo | string | null };
  eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
}

beforeEach(async () => {
  slack = await startSlackStandIn({ botToken, signingSecret });
});

afterEach(async () => {
  await app.stop();
  await slack.close();
});

describe('when a user types /capture over HTTP', () => {
  beforeEach(() => startApp());

  it('gets the ack as the HTTP answer, then sees the status message edited in the channel', async () => {
    const result = await slack.sendSlashCommand(eventsUrl, command);

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ response_type: 'ephemeral', text: `Capture of \`${command.text}\` requested` });
    await slack.waitFor('chat.update');
    const [message] = slack.channelMessages(channel);
    expect(message?.text).toBe('Capture running');
    expect(message?.history.map((version) => version.text)).toEqual(['Capture requested by <@U0ALICE>', 'Capture running']);
    expect(slack.calls('auth.test')[0]).toMatchObject({ token: botToken, ok: true });
  });

  it('records what the app posts to the command response_url', async () => {
    const result = await slack.sendSlashCommand(eventsUrl, command);
    await slack.waitFor('chat.update');

    const posts = await slack.waitForResponses(result.responseUrl);
    expect(posts[0]?.body).toEqual({ response_type: 'ephemeral', text: 'Status is in the channel' });
  });

  it('refuses a request with a forged signature', async () => {
    const result = await slack.sendSlashCommand(eventsUrl, { ...command, forgeSignature: true });

    expect(result.status).toBe(401);
    expect(slack.calls('chat.postMessage')).toEqual([]);
  });

  it('refuses a correctly signed request older than five minutes, and takes one four minutes old', async () => {
    const now = Math.floor(Date.now() / 1000);
    const stale = await slack.sendSlashCommand(eventsUrl, { ...command, timestamp: now - 6 * 60 });
    const recent = await slack.sendSlashCommand(eventsUrl, { ...command, timestamp: now - 4 * 60 });

    expect([stale.status, recent.status]).toEqual([401, 200]);
  });

  it('refuses a request signed with another secret', async () => {
    const result = await slack.sendSlashCommand(eventsUrl, { ...command, signingSecret: 'not-the-secret' });
    expect(result.status).toBe(401);
  });

  it('surfaces a Web API 500 to the app as the web-api HTTP error', async () => {
    slack.failNext('chat.postMessage', { status: 500 });
    const result = await slack.sendSlashCommand(eventsUrl, command);

    expect(result.status).toBe(200);
    expect(await appError).toMatchObject({ code: webApi.ErrorCode.HTTPError, statusCode: 500 });
    expect(slack.channelMessages(channel)).toEqual([]);
  });
});

describe('when a user clicks a button and submits the form', () => {
  beforeEach(() => startApp());

  it('opens the modal with the click trigger id and gets the validation errors back in the ack', async () => {
    const clicked = await slack.sendInteraction(eventsUrl, {
      type: 'block_actions',
      user: { id: 'U0ALICE' },
      channel: { id: channel, name: 'incident' },
      message: { ts: '1700000000.000100', text: 'Capture done' },
      actions: [{ action_id: 'capture_again', block_id: 'again', value: command.text }],
    });
    expect(clicked.status).toBe(200);
    const opened = await slack.waitFor('views.open');
    expect(opened).toMatchObject({ ok: true, args: { trigger_id: clicked.triggerId } });
    expect((await slack.waitForResponses(clicked.responseUrl!))[0]?.body).toEqual({ replace_original: false, text: 'Opening the form' });

    const [view] = slack.views();
    const submitted = await slack.sendInteraction(eventsUrl, {
      type: 'view_submission',
      user: { id: 'U0ALICE' },
      view: { id: view!.id, state: { values: { duration: { value: { type: 'plain_text_input', value: '2h' } } } } },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual({ response_action: 'errors', errors: { duration: '2h is longer than 300s' } });
  });
});

describe('when the app answers only after its work is done', () => {
  beforeEach(() => startApp({ processBeforeResponse: true }));

  it('has the channel updated by the time the HTTP answer arrives', async () => {
    const result = await slack.sendSlashCommand(eventsUrl, command);

    expect(result.status).toBe(200);
    expect(slack.channelMessages(channel)[0]?.text).toBe('Capture running');
  });
});

describe('when the app is too slow to ack', () => {
  let release: () => void;
  beforeEach(() => startApp({ beforeAck: new Promise<void>((resolve) => (release = resolve)) }));

  it('gives up like Slack does', async () => {
    await expect(slack.sendSlashCommand(eventsUrl, { ...command, timeoutMs: 200 })).rejects.toThrow(/did not answer .* within 200 ms/);
    release();
  });
});
