import type { Workspace } from './workspace.js';

export type InteractionPayload = Readonly<Record<string, unknown>> & { readonly type: string };

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface InteractionExtras {
  readonly triggerId: string;
  /** Issued for payload types that carry one (block_actions, message_action, shortcut's replies). */
  readonly responseUrl: () => string;
  /** The stand-in's copy of an opened view, to complete a view_submission naming only view.id. */
  readonly lookupView: (id: string) => Obj | undefined;
}

/** The user id of an interaction payload (its `user.id`). */
export function interactionUserId(payload: InteractionPayload): string {
  const user = payload.user;
  if (!isObj(user) || typeof user.id !== 'string') throw new Error('Slack stand-in: an interaction payload needs user.id');
  return user.id;
}

/**
 * Completes a test's partial payload with the fields Slack always sends (token, app and team ids,
 * trigger_id, response_url, container, action_ts, the stored view), leaving given fields as they are.
 */
export function completeInteraction(payload: InteractionPayload, workspace: Workspace, extras: InteractionExtras): Obj {
  const userId = interactionUserId(payload);
  const given = payload.user as Obj;
  const complete: Obj = {
    token: workspace.verificationToken,
    api_app_id: workspace.appId,
    team: { id: workspace.teamId, domain: workspace.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    trigger_id: extras.triggerId,
    ...payload,
    user: { username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: workspace.teamId, ...given },
  };
  if (payload.type === 'block_actions') completeBlockActions(complete, extras);
  if (payload.type === 'view_submission' || payload.type === 'view_closed') completeView(complete, workspace, extras);
  return complete;
}

function completeBlockActions(complete: Obj, extras: InteractionExtras): void {
  const message = isObj(complete.message) ? complete.message : undefined;
  const channel = isObj(complete.channel) ? complete.channel : undefined;
  if (complete.container === undefined && message && typeof message.ts === 'string') {
    complete.container = { type: 'message', message_ts: message.ts, channel_id: channel?.id, is_ephemeral: false };
  }
  if (complete.response_url === undefined && complete.view === undefined) complete.response_url = extras.responseUrl();
  complete.state ??= { values: {} };
  const actionTs = (Date.now() / 1000).toFixed(6);
  if (Array.isArray(complete.actions)) {
    complete.actions = complete.actions.map((action: unknown) => (isObj(action) ? { type: 'button', action_ts: actionTs, ...action } : action));
  }
}

function completeView(complete: Obj, workspace: Workspace, extras: InteractionExtras): void {
  const view = isObj(complete.view) ? complete.view : {};
  const stored = typeof view.id === 'string' ? extras.lookupView(view.id) : undefined;
  complete.view = { team_id: workspace.teamId, app_id: workspace.appId, state: { values: {} }, ...stored, ...view };
  if (complete.type === 'view_submission') complete.response_urls ??= [];
}
