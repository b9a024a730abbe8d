import type { IncomingMessage } from 'node:http';
import { readBody } from './http-io.js';

/** Arguments that clients send as JSON text inside form bodies (WebClient stringifies every object). */
const jsonEncodedArgs: Readonly<Record<string, string>> = {
  blocks: 'invalid_blocks_format',
  attachments: 'invalid_attachments',
  view: 'invalid_arguments',
  metadata: 'invalid_metadata_format',
};

export interface WebApiRequest {
  readonly args: Record<string, unknown>;
  /** From `Authorization: Bearer …`, else the `token` form field (JSON bodies must use the header). */
  readonly token: string | undefined;
  /** Set when the body could not be decoded: the Slack error code to answer with once auth passed. */
  readonly decodeError?: string;
}

/** Reads a Web API request the way Slack accepts them: query string plus a form, JSON or multipart body. */
export async function readWebApiRequest(req: IncomingMessage, url: URL): Promise<WebApiRequest> {
  const raw = await readBody(req);
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
  let bodyToken: string | undefined;
  let decodeError: string | undefined;

  if (contentType === 'application/json') {
    try {
      Object.assign(args, raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {});
    } catch {
      decodeError = 'invalid_json';
    }
    delete args.token;
  } else if (contentType === 'multipart/form-data') {
    const form = await new Request('http://stand-in/', { method: 'POST', headers: { 'content-type': String(req.headers['content-type']) }, body: raw }).formData();
    for (const [key, value] of form) {
      args[key] = typeof value === 'string' ? value : { filename: value.name, size: value.size };
    }
  } else if (raw.length > 0) {
    Object.assign(args, Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
  }

  if (contentType !== 'application/json' && typeof args.token === 'string') {
    bodyToken = args.token;
    delete args.token;
  }
  for (const [name, errorCode] of Object.entries(jsonEncodedArgs)) {
    const value = args[name];
    if (typeof value !== 'string') continue;
    try {
      args[name] = JSON.parse(value);
    } catch {
      decodeError ??= errorCode;
    }
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return { args, token: bearer ?? bodyToken, decodeError };
}
