import type { MethodSpec } from './method-types.js';
import { requiredString, stringArg } from './method-types.js';
import { SlackApiError } from './slack-api-error.js';

const authTest: MethodSpec = {
  token: 'bot',
  handle: (_args, { workspace }) => ({
    url: `https://${workspace.teamDomain}.slack.com/`,
    team: workspace.teamDomain,
    user: workspace.botName,
    team_id: workspace.teamId,
    user_id: workspace.botUserId,
    bot_id: workspace.botId,
    is_enterprise_install: false,
  }),
};

const usersInfo: MethodSpec = {
  token: 'bot',
  handle: (args, { directory }) => ({ user: directory.userInfo(requiredString(args, 'user', 'user_not_found')) }),
};

const usergroupUsers: MethodSpec = {
  token: 'bot',
  handle: (args, { directory }) => ({ users: directory.usersOfGroup(requiredString(args, 'usergroup', 'no_such_subteam')) }),
};

const conversationInfo: MethodSpec = {
  token: 'bot',
  handle: (args, { directory }) => ({ channel: directory.channelInfo(requiredString(args, 'channel', 'channel_not_found')) }),
};

/** Paged like Slack: `limit` (default 100) and an opaque `cursor`, with next_cursor '' on the last page. */
const conversationMembers: MethodSpec = {
  token: 'bot',
  handle(args, { directory }) {
    const members = directory.membersOf(requiredString(args, 'channel', 'channel_not_found'));
    const limit = Number(stringArg(args, 'limit') ?? 100);
    const cursor = stringArg(args, 'cursor');
    const start = cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64').toString().replace(/^offset:/, ''));
    if (!Number.isInteger(start) || start < 0 || !Number.isInteger(limit) || limit < 1) throw new SlackApiError('invalid_cursor');
    const end = start + limit;
    const next = end < members.length ? Buffer.from(`offset:${end}`).toString('base64') : '';
    return { members: members.slice(start, end), response_metadata: { next_cursor: next } };
  },
};

const connectionsOpen: MethodSpec = {
  token: 'app',
  handle(_args, { openSocketUrl }) {
    const url = openSocketUrl();
    if (url === undefined) throw new SlackApiError('invalid_auth');
    return { url };
  },
};

export const workspaceMethods: Readonly<Record<string, MethodSpec>> = {
  'auth.test': authTest,
  'users.info': usersInfo,
  'usergroups.users.list': usergroupUsers,
  'conversations.members': conversationMembers,
  'conversations.info': conversationInfo,
  'apps.connections.open': connectionsOpen,
};
