import type { AppResponse } from './app-requests.js';
import type { InteractionPayload } from './interaction-payload.js';
import type { SigningOptions } from './request-signer.js';
import type { ResponseUrls } from './response-urls.js';
import type { SlashCommandInput } from './slash-command-payload.js';
import type { SocketAck, SocketModeServer } from './socket-mode-server.js';
import type { TriggerRegistry } from './trigger-registry.js';
import type { ViewStore } from './view-store.js';
import type { Workspace } from './workspace.js';
import type { Directory } from './directory.js';
import { postSignedForm } from './app-requests.js';
import { completeInteraction, interactionUserId } from './interaction-payload.js';
import { slashCommandFields } from './slash-command-payload.js';

export interface SendOptions extends SigningOptions {
  /** Default: the stand-in's ackTimeoutMs (3000, Slack's limit). */
  readonly timeoutMs?: number;
}

export type SlashCommandOptions = SlashCommandInput & SendOptions;

export interface CommandResult extends AppResponse {
  readonly responseUrl: string;
  readonly triggerId: string;
}

export interface InteractionResult extends AppResponse {
  readonly responseUrl?: string;
  readonly triggerId: string;
  /** The payload as sent, after the stand-in completed it. */
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface SocketCommandResult extends SocketAck {
  readonly responseUrl: string;
  readonly triggerId: string;
}

export interface SocketInteractionResult extends SocketAck {
  readonly responseUrl?: string;
  readonly triggerId: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

interface ClientDeps {
  readonly workspace: Workspace;
  readonly signingSecret: string;
  readonly ackTimeoutMs: number;
  readonly responseUrls: ResponseUrls;
  readonly triggers: TriggerRegistry;
  readonly views: ViewStore;
  readonly directory: Directory;
  readonly socket: SocketModeServer | undefined;
}

/** Sends the app what Slack would send: signed HTTP posts, or envelopes over Socket Mode. */
export function appClient(deps: ClientDeps) {
  const commandFields = (input: SlashCommandInput) => {
    if (input.userName !== undefined) deps.directory.nameUser(input.userId, input.userName);
    const responseUrl = deps.responseUrls.issue();
    const triggerId = deps.triggers.issue(input.userId);
    return { fields: slashCommandFields(input, deps.workspace, { responseUrl, triggerId }), responseUrl, triggerId };
  };

  const interaction = (payload: InteractionPayload) => {
    const user = interactionUserId(payload);
    const triggerId = typeof payload.trigger_id === 'string' ? payload.trigger_id : deps.triggers.issue(user);
    deps.triggers.register(triggerId, user);
    const complete = completeInteraction(payload, deps.workspace, {
      triggerId,
      responseUrl: () => deps.responseUrls.issue(),
      lookupView: (id) => deps.views.get(id)?.view,
    });
    const responseUrl = typeof complete.response_url === 'string' ? complete.response_url : undefined;
    return { complete, responseUrl, triggerId };
  };

  const requireSocket = (): SocketModeServer => {
    if (!deps.socket) throw new Error('Slack stand-in: start it with an appToken to use Socket Mode');
    return deps.socket;
  };

  return {
    async sendSlashCommand(appUrl: string, options: SlashCommandOptions): Promise<CommandResult> {
      const { fields, responseUrl, triggerId } = commandFields(options);
      const response = await postSignedForm(appUrl, fields, deps.signingSecret, { ...options, timeoutMs: options.timeoutMs ?? deps.ackTimeoutMs });
      return { ...response, responseUrl, triggerId };
    },

    async sendInteraction(appUrl: string, payload: InteractionPayload, options: SendOptions = {}): Promise<InteractionResult> {
      const { complete, responseUrl, triggerId } = interaction(payload);
      const form = { payload: JSON.stringify(complete) };
      const response = await postSignedForm(appUrl, form, deps.signingSecret, { ...options, timeoutMs: options.timeoutMs ?? deps.ackTimeoutMs });
      return { ...response, responseUrl, triggerId, payload: complete };
    },

    async socketSlashCommand(input: SlashCommandInput & { timeoutMs?: number }): Promise<SocketCommandResult> {
      const socket = requireSocket();
      const { fields, responseUrl, triggerId } = commandFields(input);
      const ack = await socket.send('slash_commands', fields, { acceptsResponsePayload: true, timeoutMs: input.timeoutMs ?? deps.ackTimeoutMs });
      return { ...ack, responseUrl, triggerId };
    },

    async socketInteraction(payload: InteractionPayload, options: { timeoutMs?: number } = {}): Promise<SocketInteractionResult> {
      const socket = requireSocket();
      const { complete, responseUrl, triggerId } = interaction(payload);
      // Slack lets only these interactive payloads carry a response in the ack.
      const acceptsResponsePayload = ['view_submission', 'block_suggestion'].includes(payload.type);
      const ack = await socket.send('interactive', complete, { acceptsResponsePayload, timeoutMs: options.timeoutMs ?? deps.ackTimeoutMs });
      return { ...ack, responseUrl, triggerId, payload: complete };
    },
  };
}
