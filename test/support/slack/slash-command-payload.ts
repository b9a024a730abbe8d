import type { Workspace } from './workspace.js';

export interface SlashCommandInput {
  readonly text: string;
  readonly userId: string;
  readonly userName?: string;
  readonly channelId: string;
  readonly channelName?: string;
  readonly teamId?: string;
  /** Default '/capture'. */
  readonly command?: string;
}

/** The fields of a slash command, in the order Slack sends them; the same object is the Socket Mode payload. */
export function slashCommandFields(
  input: SlashCommandInput,
  workspace: Workspace,
  issued: { readonly responseUrl: string; readonly triggerId: string },
): Record<string, string> {
  return {
    token: workspace.verificationToken,
    team_id: input.teamId ?? workspace.teamId,
    team_domain: workspace.teamDomain,
    channel_id: input.channelId,
    channel_name: input.channelName ?? input.channelId.toLowerCase(),
    user_id: input.userId,
    user_name: input.userName ?? input.userId.toLowerCase(),
    command: input.command ?? '/capture',
    text: input.text,
    api_app_id: workspace.appId,
    is_enterprise_install: 'false',
    response_url: issued.responseUrl,
    trigger_id: issued.triggerId,
  };
}
