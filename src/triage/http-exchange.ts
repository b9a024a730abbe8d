import type { EventTime } from './io-event.js';
import type { MessageProblem } from './http-stream.js';
import type { ProcessRef } from './process-ref.js';
import type { SocketAddress } from './socket-address.js';

/** One side of an exchange: its address, and its process when the capture saw that side. */
export interface HttpPeer {
  readonly address: SocketAddress;
  readonly process?: ProcessRef;
}

/** A request and its response on one connection, merged from what either end saw. */
export interface HttpExchange {
  readonly connectionName: string;
  readonly client: HttpPeer;
  readonly server: HttpPeer;
  readonly method?: string;
  readonly target?: string;
  readonly host?: string;
  readonly requestAt?: EventTime;
  /** Present when a response began (with a status line or without one). */
  readonly responseAt?: EventTime;
  readonly status?: number;
  readonly reason?: string;
  /** Request to response, as the client saw it when it was captured, else as the server did. */
  readonly latencyMs?: number;
  readonly problems: readonly MessageProblem[];
  readonly seenBy: readonly ('client' | 'server')[];
}
