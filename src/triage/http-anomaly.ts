import type { HeadProblemKind } from './http-head.js';
import type { PeerOwnerName } from './cluster-peer.js';
import type { ProcessRef } from './process-ref.js';
import type { SeenOn } from './seen-on.js';

/** A peer in a summary: a client is grouped by IP (its ports change), a server by IP and port. */
export interface PeerRef {
  readonly ip: string;
  readonly port?: number;
  readonly process?: ProcessRef;
  /** The pod or Service the cluster says owns the address, when the trace did not name a pod. */
  readonly cluster?: PeerOwnerName;
}

/** A server that answered 4xx/5xx, grouped by endpoint (method, path) and peer. */
export interface ErrorStatusAnomaly extends SeenOn {
  readonly kind: 'error-status';
  readonly status: number;
  readonly reason: string;
  readonly method?: string;
  /** The request's Host header, when it names a host. */
  readonly host?: string;
  /** The request target without its query, which may hold secrets. */
  readonly path?: string;
  readonly server: PeerRef;
  readonly client: PeerRef;
  readonly count: number;
  /** What the answering process got from its own upstream meanwhile, when that was faulty. */
  readonly upstream?: UpstreamCause;
}

export interface UpstreamCause {
  readonly server: PeerRef;
  /** How many of the error answers had a faulty upstream exchange in flight. */
  readonly count: number;
  readonly status?: number;
  readonly problems: readonly HeadProblemKind[];
}

/** A message that breaks HTTP/1.x syntax, with the offending bytes. */
export interface MalformedMessageAnomaly extends SeenOn {
  readonly kind: HeadProblemKind;
  readonly message: 'request' | 'response';
  readonly sender: PeerRef;
  readonly receivers: readonly PeerRef[];
  readonly method?: string;
  readonly host?: string;
  readonly path?: string;
  /** The offending line, printable (see printable.ts), at most what the capture kept. */
  readonly quote: string;
  /** The capture's snaplen (or the quote limit) cut the line short. */
  readonly cutAtSnaplen: boolean;
  readonly count: number;
  readonly firstEventNum: number;
}

export type HttpAnomaly = ErrorStatusAnomaly | MalformedMessageAnomaly;
