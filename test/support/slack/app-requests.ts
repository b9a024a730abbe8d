import type { SigningOptions } from './request-signer.js';
import { signedFormHeaders } from './request-signer.js';

/** How the app answered a request Slack sent it. */
export interface AppResponse {
  readonly status: number;
  /** Parsed JSON when the app answered JSON, else the text ('' for an empty ack). */
  readonly body: unknown;
  readonly elapsedMs: number;
}

export interface SignedPost extends SigningOptions {
  /** Slack gives up on an app after 3 s; so does the stand-in unless told otherwise. */
  readonly timeoutMs: number;
}

/** POSTs a form body to the app, signed as Slack signs it, and reads the answer. */
export async function postSignedForm(url: string, form: Record<string, string>, defaultSecret: string, options: SignedPost): Promise<AppResponse> {
  const rawBody = new URLSearchParams(form).toString();
  const headers = { ...signedFormHeaders(defaultSecret, rawBody, options), 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)' };
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body: rawBody, signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      throw new Error(`Slack stand-in: the app did not answer ${url} within ${options.timeoutMs} ms`, { cause: error });
    }
    throw error;
  }
  const elapsedMs = performance.now() - started;
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  let body: unknown = text;
  if (isJson && text !== '') body = JSON.parse(text);
  return { status: response.status, body, elapsedMs };
}
