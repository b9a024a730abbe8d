import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The bot-token scopes each Web API method needs (any one of them will do),
 * from Slack's method reference. A method missing here fails the coverage
 * test until someone looks its scopes up and adds it.
 */
export const METHOD_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'auth.test': [],
  'chat.delete': ['chat:write'],
  'chat.getPermalink': [],
  'chat.postEphemeral': ['chat:write'],
  'chat.postMessage': ['chat:write'],
  'chat.scheduleMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.history': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'conversations.info': ['channels:read', 'groups:read', 'im:read', 'mpim:read'],
  'conversations.join': ['channels:join'],
  'conversations.list': ['channels:read', 'groups:read', 'im:read', 'mpim:read'],
  'conversations.members': ['channels:read', 'groups:read', 'im:read', 'mpim:read'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'files.completeUploadExternal': ['files:write'],
  'files.getUploadURLExternal': ['files:write'],
  'files.uploadV2': ['files:write'],
  'reactions.add': ['reactions:write'],
  'reactions.remove': ['reactions:write'],
  'team.info': ['team:read'],
  'usergroups.list': ['usergroups:read'],
  'usergroups.users.list': ['usergroups:read'],
  'users.info': ['users:read'],
  'users.list': ['users:read'],
  'users.lookupByEmail': ['users:read.email'],
  // Views answer a trigger_id from an interaction; they need no scope.
  'views.open': [],
  'views.publish': [],
  'views.push': [],
  'views.update': [],
};

const FAMILIES = [
  'admin', 'apps', 'assistant', 'auth', 'bookmarks', 'bots', 'calls', 'canvases', 'chat', 'conversations', 'dialog', 'dnd',
  'emoji', 'files', 'functions', 'pins', 'reactions', 'reminders', 'search', 'stars', 'team', 'usergroups', 'users', 'views', 'workflows',
];

/** `client.chat.postMessage(`, `this.#client.chat\n  .update(`, `app.client.usergroups.users.list(`. */
const CLIENT_CALL = new RegExp(String.raw`[\w$#]*client\s*\.\s*(${FAMILIES.join('|')})((?:\s*\.\s*[A-Za-z]\w*)+)\s*\(`, 'gi');
/** `client.apiCall('chat.postMessage', …)`. */
const API_CALL = /\bapiCall\s*\(\s*['"`]([\w.]+)['"`]/g;
/** Bolt's `say(…)` is chat.postMessage in the event's channel. */
const SAY = /\bsay\s*\(/g;

/** One Web API call found in the source. */
export interface MethodCall {
  readonly method: string;
  readonly file: string;
  readonly line: number;
}

/** The Web API methods called in one source text. */
export function findMethodCalls(source: string, file: string): MethodCall[] {
  const calls: MethodCall[] = [];
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  for (const match of source.matchAll(CLIENT_CALL)) {
    const method = `${match[1]}${match[2]!.replace(/\s+/g, '')}`;
    calls.push({ method, file, line: lineOf(match.index) });
  }
  for (const match of source.matchAll(API_CALL)) calls.push({ method: match[1]!, file, line: lineOf(match.index) });
  for (const match of source.matchAll(SAY)) calls.push({ method: 'chat.postMessage', file, line: lineOf(match.index) });
  return calls;
}

/** Every Web API call in the product code under dir (tests and test data left out). */
export function scanSourceTree(dir: string, root = dir): MethodCall[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testdata' ? [] : scanSourceTree(path, root);
    if (!/\.ts$/.test(entry.name) || /\.(test|d)\.ts$/.test(entry.name)) return [];
    return findMethodCalls(stripComments(readFileSync(path, 'utf8')), relative(root, path));
  });
}

/** Removes comments but keeps line breaks, so line numbers still point at the call. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** What a manifest's declared scopes lack, and what they declare that nothing needs. */
export interface ScopeReport {
  readonly unknownMethods: readonly MethodCall[];
  readonly uncovered: readonly { readonly call: MethodCall; readonly anyOf: readonly string[] }[];
  readonly unused: readonly string[];
}

/**
 * Compares declared bot scopes with what the code calls plus what the
 * manifest's own features need (slash commands need `commands`).
 */
export function checkScopes(declared: readonly string[], calls: readonly MethodCall[], featureScopes: readonly string[]): ScopeReport {
  const unknownMethods = calls.filter((call) => METHOD_SCOPES[call.method] === undefined);
  const uncovered = calls.flatMap((call) => {
    const anyOf = METHOD_SCOPES[call.method];
    if (anyOf === undefined || anyOf.length === 0 || anyOf.some((scope) => declared.includes(scope))) return [];
    return [{ call, anyOf }];
  });
  const needed = new Set([...featureScopes, ...calls.flatMap((call) => METHOD_SCOPES[call.method] ?? [])]);
  const unused = declared.filter((scope) => !needed.has(scope));
  return { unknownMethods, uncovered, unused };
}
