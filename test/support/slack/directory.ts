import type { Workspace } from './workspace.js';
import { SlackApiError } from './slack-api-error.js';

/** Users, user groups and channel memberships as a test sets them up. */
export class Directory {
  private readonly groups = new Map<string, string[]>();
  private readonly members = new Map<string, string[]>();
  private readonly names = new Map<string, string>();
  /** User and channel ids the workspace does not have (any other well-formed id exists). */
  private readonly unknown = new Set<string>();

  constructor(private readonly workspace: Workspace) {}

  setUserGroup(id: string, userIds: readonly string[]): void {
    this.groups.set(id, [...userIds]);
  }

  setChannelMembers(channel: string, userIds: readonly string[]): void {
    this.members.set(channel, [...userIds]);
  }

  /** Remembers a user's handle (slash commands carry it) for users.info. */
  nameUser(id: string, name: string): void {
    this.names.set(id, name);
  }

  /** Makes users.info and conversations.info answer as Slack does for an id that does not exist. */
  forget(id: string): void {
    this.unknown.add(id);
  }

  /** conversations.info's `channel` for a channel that exists. */
  channelInfo(id: string): Record<string, unknown> {
    if (!/^[CG][A-Z0-9]{2,}$/.test(id) || this.unknown.has(id)) throw new SlackApiError('channel_not_found');
    const isPrivate = id.startsWith('G');
    return {
      id,
      name: id.toLowerCase(),
      is_channel: !isPrivate,
      is_group: isPrivate,
      is_im: false,
      is_private: isPrivate,
      is_archived: false,
      is_member: this.members.get(id)?.includes(this.workspace.botUserId) ?? true,
      context_team_id: this.workspace.teamId,
    };
  }

  usersOfGroup(id: string): string[] {
    const users = this.groups.get(id);
    if (!users) throw new SlackApiError('no_such_subteam');
    return [...users];
  }

  membersOf(channel: string): string[] {
    const members = this.members.get(channel);
    if (!members) throw new SlackApiError('channel_not_found');
    return [...members];
  }

  /** Undefined when the test never set the channel's members: then anyone may be in it. */
  isMember(channel: string, user: string): boolean | undefined {
    return this.members.get(channel)?.includes(user);
  }

  userInfo(id: string): Record<string, unknown> {
    if (!/^[UW][A-Z0-9]{2,}$/.test(id) || this.unknown.has(id)) throw new SlackApiError('user_not_found');
    const isBot = id === this.workspace.botUserId;
    const name = isBot ? this.workspace.botName : (this.names.get(id) ?? id.toLowerCase());
    return {
      id,
      team_id: this.workspace.teamId,
      name,
      deleted: false,
      real_name: name,
      tz: 'Etc/UTC',
      tz_offset: 0,
      is_bot: isBot,
      is_admin: false,
      is_app_user: false,
      profile: { real_name: name, display_name: name, team: this.workspace.teamId },
    };
  }
}
