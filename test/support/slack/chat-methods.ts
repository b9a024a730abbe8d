import type { ChannelMessage } from './channel-state.js';
import type { MethodArgs, MethodContext, MethodSpec } from './method-types.js';
import type { Workspace } from './workspace.js';
import { arrayArg, requiredString, stringArg } from './method-types.js';
import { SlackApiError } from './slack-api-error.js';

function content(args: MethodArgs): { text?: string; blocks?: readonly unknown[]; attachments?: readonly unknown[]; metadata?: unknown } {
  return {
    text: stringArg(args, 'text'),
    blocks: arrayArg(args, 'blocks'),
    attachments: arrayArg(args, 'attachments'),
    metadata: args.metadata,
  };
}

/** A message object shaped like the one Slack returns from chat.postMessage and chat.update. */
export function messageJson(workspace: Workspace, message: ChannelMessage): Record<string, unknown> {
  return {
    type: 'message',
    user: message.user,
    bot_id: message.botId,
    app_id: workspace.appId,
    text: message.text,
    ts: message.ts,
    team: workspace.teamId,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.attachments ? { attachments: message.attachments } : {}),
    ...(message.metadata !== undefined ? { metadata: message.metadata } : {}),
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    bot_profile: { id: workspace.botId, app_id: workspace.appId, name: workspace.botName, team_id: workspace.teamId },
  };
}

function hasContent(fields: ReturnType<typeof content>): boolean {
  return fields.text !== undefined || (fields.blocks?.length ?? 0) > 0 || (fields.attachments?.length ?? 0) > 0;
}

const postMessage: MethodSpec = {
  token: 'bot',
  handle(args, { workspace, channels }: MethodContext) {
    const channel = requiredString(args, 'channel', 'channel_not_found');
    const fields = content(args);
    if (!hasContent(fields)) throw new SlackApiError('no_text');
    const message = channels.post({
      ...fields,
      text: fields.text ?? '',
      channel,
      user: workspace.botUserId,
      botId: workspace.botId,
      threadTs: stringArg(args, 'thread_ts'),
    });
    return { channel, ts: message.ts, message: messageJson(workspace, message) };
  },
};

const update: MethodSpec = {
  token: 'bot',
  handle(args, { workspace, channels }) {
    const channel = requiredString(args, 'channel', 'channel_not_found');
    const ts = requiredString(args, 'ts', 'message_not_found');
    const message = channels.update({ ...content(args), channel, ts, user: workspace.botUserId });
    return { channel, ts, text: message.text, message: messageJson(workspace, message) };
  },
};

const postEphemeral: MethodSpec = {
  token: 'bot',
  handle(args, { channels, directory }) {
    const channel = requiredString(args, 'channel', 'channel_not_found');
    const user = requiredString(args, 'user', 'user_not_in_channel');
    if (directory.isMember(channel, user) === false) throw new SlackApiError('user_not_in_channel');
    const fields = content(args);
    if (!hasContent(fields)) throw new SlackApiError('no_text');
    const ephemeral = channels.postEphemeral({ ...fields, text: fields.text ?? '', channel, user, threadTs: stringArg(args, 'thread_ts') });
    return { message_ts: ephemeral.messageTs };
  },
};

const deleteMessage: MethodSpec = {
  token: 'bot',
  handle(args, { workspace, channels }) {
    const channel = requiredString(args, 'channel', 'channel_not_found');
    const ts = requiredString(args, 'ts', 'message_not_found');
    channels.delete(channel, ts, workspace.botUserId);
    return { channel, ts };
  },
};

export const chatMethods: Readonly<Record<string, MethodSpec>> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.delete': deleteMessage,
};
