import type { MessageHead, HeadProblem } from './http-head.js';
import { parseHead, startOf } from './http-head.js';
import type { EventTime, IoEvent } from './io-event.js';

/** A problem in one message, located by the event that carried it. */
export interface MessageProblem extends HeadProblem {
  readonly message: 'request' | 'response';
  readonly eventNum: number;
}

/** One request and its response as one endpoint of a connection saw them. */
export interface EndpointExchange {
  /** This endpoint's part: it sent the request (client) or received it (server). */
  readonly role: 'client' | 'server';
  readonly request?: { readonly method: string; readonly target: string; readonly host?: string; readonly at: EventTime };
  readonly response?: { readonly code?: number; readonly reason?: string; readonly at: EventTime };
  readonly problems: readonly MessageProblem[];
}

interface Draft {
  role: 'client' | 'server';
  requestDirection: IoEvent['direction'];
  request?: EndpointExchange['request'];
  response?: EndpointExchange['response'];
  problems: MessageProblem[];
}

interface OpenHead {
  readonly draft: Draft;
  readonly message: 'request' | 'response';
  readonly direction: IoEvent['direction'];
  readonly eventNum: number;
  bytes: string;
}

const opposite = (direction: IoEvent['direction']) => (direction === 'read' ? 'write' : 'read');

/**
 * Follows the HTTP/1.x messages on one endpoint (a process's socket), in event
 * order. A message head the capture kept whole but that had not ended yet is
 * continued by the next bytes in the same direction; if anything else comes
 * first, or nothing, its headers were truncated.
 */
export function followEndpoint(events: readonly IoEvent[]): EndpointExchange[] {
  const drafts: Draft[] = [];
  const awaiting: Draft[] = [];
  let open: OpenHead | undefined;
  let upgraded = false;

  const record = (draft: Draft, message: 'request' | 'response', head: MessageHead, event: IoEvent, bytes: string, cut: boolean) => {
    draft.problems.push(...head.problems.map((problem) => ({ ...problem, message, eventNum: event.num })));
    open = head.complete || cut ? undefined : { draft, message, direction: event.direction, eventNum: event.num, bytes };
  };
  const closeOpen = () => {
    if (!open) return;
    const lines = open.bytes.replace(/\r?\n$/, '').split('\n');
    const last = (lines[lines.length - 1] ?? '').replace(/\r$/, '');
    open.draft.problems.push({ kind: 'truncated-headers', line: last, cutAtSnaplen: false, message: open.message, eventNum: open.eventNum });
    open = undefined;
  };

  for (const event of events) {
    if (upgraded) break;
    const bytes = event.data.toString('latin1');
    const cut = event.data.length < event.length;
    const start = startOf(bytes);
    if (open && open.direction === event.direction && start === 'other') {
      const current: OpenHead = open;
      current.bytes += bytes;
      // Problems found in the earlier part are found again: keep only the latest parse.
      current.draft.problems = current.draft.problems.filter((problem) => problem.eventNum !== current.eventNum || problem.message !== current.message);
      const head = parseHead(current.bytes, current.message, cut);
      if (current.message === 'request' && head.request) current.draft.request = { ...head.request, at: current.draft.request?.at ?? event.time };
      record(current.draft, current.message, head, { ...event, num: current.eventNum }, current.bytes, cut);
      continue;
    }
    closeOpen();

    if (start === 'request') {
      const head = parseHead(bytes, 'request', cut);
      const draft: Draft = {
        role: event.direction === 'write' ? 'client' : 'server',
        requestDirection: event.direction,
        ...(head.request ? { request: { ...head.request, at: event.time } } : {}),
        problems: [],
      };
      drafts.push(draft);
      awaiting.push(draft);
      record(draft, 'request', head, event, bytes, cut);
      continue;
    }

    const index = awaiting.findIndex((draft) => draft.requestDirection === opposite(event.direction));
    if (start === 'other' && index === -1) continue; // a body, or bytes from before the capture began
    const head = parseHead(bytes, 'response', cut);
    const code = head.status?.code;
    // An interim 1xx answer leaves the request waiting for its final response.
    if (code !== undefined && code >= 100 && code < 200 && code !== 101) continue;
    let draft: Draft;
    if (index === -1) {
      draft = { role: event.direction === 'read' ? 'client' : 'server', requestDirection: opposite(event.direction), problems: [] };
      drafts.push(draft);
    } else {
      draft = awaiting.splice(index, 1)[0] as Draft;
    }
    draft.response = { ...(head.status ? { code: head.status.code, reason: head.status.reason } : {}), at: event.time };
    record(draft, 'response', head, event, bytes, cut);
    if (code === 101) upgraded = true;
  }
  closeOpen();
  return drafts.map(({ role, request, response, problems }) => ({ role, ...(request ? { request } : {}), ...(response ? { response } : {}), problems }));
}
