import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallLog, RecordedCall } from './call-log.js';
import type { FaultPlan, FaultSpec } from './fault-plan.js';
import type { MethodContext, MethodSpec, TokenKind } from './method-types.js';
import { chatMethods } from './chat-methods.js';
import { delay, sendJson, sendText } from './http-io.js';
import { SlackApiError } from './slack-api-error.js';
import { viewMethods } from './view-methods.js';
import { readWebApiRequest } from './web-api-request.js';
import { workspaceMethods } from './workspace-methods.js';

const methods: Readonly<Record<string, MethodSpec>> = { ...chatMethods, ...viewMethods, ...workspaceMethods };

export interface WebApiDeps {
  readonly context: MethodContext;
  readonly log: CallLog;
  readonly faults: FaultPlan;
  readonly tokens: { readonly bot: string; readonly app: string | undefined };
  /** Added to every answer; read on each call so a test can change it. */
  readonly latencyMs: () => number;
}

type Answer = { status: number; body: Record<string, unknown>; headers?: Record<string, string>; plainText?: string };

/** Slack's token checks: missing → not_authed, the other kind of token → not_allowed_token_type, else invalid_auth. */
function checkToken(kind: TokenKind, token: string | undefined, tokens: WebApiDeps['tokens']): void {
  if (token === undefined) throw new SlackApiError('not_authed');
  const expected = kind === 'bot' ? tokens.bot : tokens.app;
  const other = kind === 'bot' ? tokens.app : tokens.bot;
  if (token === expected) return;
  if (token === other) throw new SlackApiError('not_allowed_token_type');
  throw new SlackApiError('invalid_auth');
}

function faultAnswer(fault: FaultSpec): Answer | undefined {
  if (fault.status === 429) {
    const retryAfter = String(fault.retryAfterSec ?? 1);
    return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': retryAfter } };
  }
  if (fault.status !== undefined) {
    return { status: fault.status, body: { ok: false, error: `http_${fault.status}` }, plainText: fault.status === 503 ? 'Service Unavailable' : 'Internal Server Error' };
  }
  if (fault.error !== undefined) return { status: 200, body: { ok: false, error: fault.error } };
  return undefined;
}

function answerCall(spec: MethodSpec, token: string | undefined, args: Record<string, unknown>, decodeError: string | undefined, deps: WebApiDeps): Answer {
  try {
    checkToken(spec.token, token, deps.tokens);
    if (decodeError !== undefined) throw new SlackApiError(decodeError);
    return { status: 200, body: { ok: true, ...spec.handle(args, deps.context) } };
  } catch (error) {
    if (error instanceof SlackApiError) return { status: 200, body: { ok: false, error: error.code } };
    throw error;
  }
}

/** Answers POST/GET /api/{method} as Slack's Web API does, recording every call. */
export async function handleWebApi(req: IncomingMessage, res: ServerResponse, method: string, url: URL, deps: WebApiDeps): Promise<void> {
  const at = Date.now();
  const { args, token, decodeError } = await readWebApiRequest(req, url);
  const spec = methods[method];
  const fault = spec ? deps.faults.take(method) : undefined;
  await delay(deps.latencyMs() + (fault?.delayMs ?? 0));

  let answer: Answer;
  if (!spec) answer = { status: 200, body: { ok: false, error: 'unknown_method', req_method: method } };
  else answer = (fault && faultAnswer(fault)) ?? answerCall(spec, token, args, decodeError, deps);

  const call: RecordedCall = {
    method, args, token, at,
    status: answer.status,
    ok: answer.body.ok === true,
    ...(typeof answer.body.error === 'string' ? { error: answer.body.error } : {}),
    response: answer.body,
  };
  deps.log.record(call);
  if (answer.plainText !== undefined) sendText(res, answer.status, answer.plainText, answer.headers);
  else sendJson(res, answer.status, answer.body, answer.headers);
}
