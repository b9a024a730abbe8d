import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { EventEmitter, on } from 'node:events';
import { readBody, sendJson } from './http-io.js';

/** One POST the app made to a response_url. */
export interface ResponseUrlPost {
  readonly at: number;
  readonly contentType: string;
  /** The parsed JSON body (response_type, text, blocks, replace_original, delete_original, …). */
  readonly body: Readonly<Record<string, unknown>>;
}

interface Issued {
  readonly issuedAt: number;
  readonly posts: ResponseUrlPost[];
}

/** Slack lets an app use a response_url five times within 30 minutes. */
const maxUses = 5;
const lifetimeMs = 30 * 60 * 1000;

/** Per-command response URLs on the stand-in, recording what the app posts to each. */
export class ResponseUrls {
  private readonly issued = new Map<string, Issued>();
  private readonly events = new EventEmitter();

  constructor(private readonly baseUrl: () => string) {
    // Every waiter adds an 'error' listener for as long as it waits; fifty captures wait at once in the bench.
    this.events.setMaxListeners(0);
  }

  issue(): string {
    const id = randomUUID();
    this.issued.set(id, { issuedAt: Date.now(), posts: [] });
    return `${this.baseUrl()}/response/${id}`;
  }

  /** Posts to the given response_url (or its id), oldest first; throws for a URL the stand-in never issued. */
  posts(urlOrId: string): ResponseUrlPost[] {
    const issued = this.issued.get(idOf(urlOrId));
    if (!issued) throw new Error(`Slack stand-in: ${urlOrId} is not a response_url it issued`);
    return [...issued.posts];
  }

  /** Resolves with the posts to a response_url once it has at least `count` of them. */
  async waitForPosts(urlOrId: string, { count = 1, timeoutMs = 5000 }: { count?: number; timeoutMs?: number } = {}): Promise<ResponseUrlPost[]> {
    const id = idOf(urlOrId);
    const signal = AbortSignal.timeout(timeoutMs);
    const posted = on(this.events, id, { signal });
    try {
      if (this.posts(id).length >= count) return this.posts(id);
      for await (const _ of posted) {
        if (this.posts(id).length >= count) return this.posts(id);
      }
    } catch (error) {
      if (signal.aborted) throw new Error(`Slack stand-in: ${count} post(s) to ${urlOrId} did not arrive within ${timeoutMs} ms`, { cause: error });
      throw error;
    }
    throw new Error('unreachable: the event stream ended');
  }

  async handle(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const raw = await readBody(req);
    const issued = this.issued.get(id);
    if (!issued || req.method !== 'POST') return sendJson(res, 404, { ok: false, error: 'no_such_url' });
    if (Date.now() - issued.issuedAt > lifetimeMs) return sendJson(res, 404, { ok: false, error: 'expired_url' });
    if (issued.posts.length >= maxUses) return sendJson(res, 404, { ok: false, error: 'used_url' });
    const contentType = String(req.headers['content-type'] ?? '');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return sendJson(res, 400, { ok: false, error: 'invalid_payload' });
    }
    issued.posts.push({ at: Date.now(), contentType, body });
    sendJson(res, 200, { ok: true });
    this.events.emit(id);
  }
}

function idOf(urlOrId: string): string {
  const match = /\/response\/([^/?#]+)/.exec(urlOrId);
  return match?.[1] ?? urlOrId;
}
