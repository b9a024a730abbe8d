import type { ChannelState } from './channel-state.js';
import type { Directory } from './directory.js';
import type { TriggerRegistry } from './trigger-registry.js';
import type { ViewStore } from './view-store.js';
import type { Workspace } from './workspace.js';
import { SlackApiError } from './slack-api-error.js';

export type MethodArgs = Readonly<Record<string, unknown>>;

/** What the Web API methods work on. */
export interface MethodContext {
  readonly workspace: Workspace;
  readonly channels: ChannelState;
  readonly directory: Directory;
  readonly views: ViewStore;
  readonly triggers: TriggerRegistry;
  /** A fresh single-use Socket Mode URL, or undefined when the stand-in has no app token. */
  readonly openSocketUrl: () => string | undefined;
}

/** Which token a method takes: the bot token (xoxb-) or the app-level token (xapp-). */
export type TokenKind = 'bot' | 'app';

export interface MethodSpec {
  readonly token: TokenKind;
  /** The fields of a successful answer besides `ok: true`; throws SlackApiError for `ok: false`. */
  readonly handle: (args: MethodArgs, context: MethodContext) => Record<string, unknown>;
}

/** A string argument as the client sent it (form bodies send numbers as text too). */
export function stringArg(args: MethodArgs, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function requiredString(args: MethodArgs, name: string, errorCode = 'invalid_arguments'): string {
  const value = stringArg(args, name);
  if (value === undefined) throw new SlackApiError(errorCode);
  return value;
}

export function arrayArg(args: MethodArgs, name: string): readonly unknown[] | undefined {
  const value = args[name];
  return Array.isArray(value) ? value : undefined;
}
