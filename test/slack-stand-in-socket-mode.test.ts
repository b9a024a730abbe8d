import type { BlockAction } from '@slack/bolt';
import { App, SocketModeReceiver } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from './support/slack/index.js';
import { RecordingLogger, startSlackStandIn } from './support/slack/index.js';

const botToken = 'xoxb-test';
const appToken = 'xapp-test';
const channel = 'C0INCIDENT';
const command = { text: 'web-0 -n shop 30s', userId: 'U0ALICE', channelId: channel };

let slack: SlackStandIn;
let app: App;

/**
 * Bolt as capturebot runs it (`socketMode: true`), or with its own receiver when a test needs
 * the client's timings shorter than the 5 s default (the reconnect delay is one ping timeout).
 */
async function startApp(clientPingTimeout?: number): Promise<void> {
  const logger = new RecordingLogger();
  const clientOptions = { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } };
  app = clientPingTimeout === undefined
    ? new App({ token: botToken, appToken, socketMode: true, logger, clientOptions })
    : new App({
      token: botToken,
      logger,
      clientOptions,
      receiver: new SocketModeReceiver({ appToken, logger, clientPingTimeout, installerOptions: { clientOptions } }),
    });
  app.command('/capture', async ({ command: received, ack, client }) => {
    await ack({ response_type: 'ephemeral', text: `Capture of \`${received.text}\` requested` });
    const posted = await client.chat.postMessage({ channel: received.channel_id, text: 'Capture requested' });
    await client.chat.update({ channel: received.channel_id, ts: posted.ts!, text: 'Capture running' });
  });
  app.action<BlockAction>('cancel_capture', async ({ ack, body, client }) => {
    await ack();
    await client.chat.postEphemeral({ channel: body.channel!.id, user: body.user.id, text: 'Cancelled' });
  });
  await app.start();
}

beforeEach(async () => {
  slack = await startSlackStandIn({ botToken, signingSecret: 'secret', appToken, socketPingIntervalMs: 100 });
});

afterEach(async () => {
  await app.stop();
  await slack.close();
});

describe('when Bolt runs in Socket Mode', () => {
  beforeEach(() => startApp());

  it('opens the connection with the app-level token', async () => {
    await slack.waitForSocket();

    expect(slack.calls('apps.connections.open')).toMatchObject([{ token: appToken, ok: true }]);
    expect(slack.socketConnectionCount()).toBe(1);
  });

  it('acks a slash command envelope with the response payload, then edits its status message', async () => {
    const ack = await slack.socketSlashCommand(command);

    expect(ack.payload).toEqual({ response_type: 'ephemeral', text: `Capture of \`${command.text}\` requested` });
    await slack.waitFor('chat.update');
    expect(slack.channelMessages(channel).map((message) => message.text)).toEqual(['Capture running']);
  });

  it('acks an interactive envelope and runs the action', async () => {
    const ack = await slack.socketInteraction({
      type: 'block_actions',
      user: { id: 'U0ALICE' },
      channel: { id: channel, name: 'incident' },
      message: { ts: '1700000000.000100', text: 'Capture running' },
      actions: [{ action_id: 'cancel_capture', block_id: 'controls', value: 'cap-1' }],
    });

    expect(ack.envelopeId).toMatch(/^[0-9a-f-]{36}$/);
    await slack.waitFor('chat.postEphemeral');
    expect(slack.ephemeralMessages('U0ALICE')).toMatchObject([{ channel, text: 'Cancelled' }]);
  });

  it('answers the client pings and is answered to its own', async () => {
    await slack.waitForSocketPong();
    const ack = await slack.socketSlashCommand(command);
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
  });

});

describe('when Slack recycles the connection', () => {
  beforeEach(() => startApp(500));

  it('reconnects through a fresh apps.connections.open and takes envelopes again', async () => {
    await slack.waitForSocket();
    const reopened = slack.waitFor('apps.connections.open', { fresh: true });
    slack.disconnectSockets();

    await reopened;
    await slack.waitForSocket();
    const ack = await slack.socketSlashCommand(command);
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(slack.calls('apps.connections.open')).toHaveLength(2);
    expect(slack.socketConnectionCount()).toBe(1);
  });
});
