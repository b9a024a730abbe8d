import type { ErrorStatusAnomaly, HttpAnomaly, MalformedMessageAnomaly, PeerRef, UpstreamCause } from './http-anomaly.js';
import type { HttpExchange, HttpPeer } from './http-exchange.js';
import type { EventTime } from './io-event.js';
import { millisBetween } from './io-event.js';
import { printable } from './printable.js';
import { shownHost } from './request-host.js';
import type { SeenOn } from './seen-on.js';

export interface HttpRoute extends SeenOn {
  readonly server: PeerRef;
  readonly method?: string;
  /** The request's Host header, when it names a host (request-host.ts). */
  readonly host?: string;
  readonly path?: string;
  readonly count: number;
  /** Status code → count; `none` for requests the capture saw no answer to. */
  readonly byStatus: Readonly<Record<string, number>>;
  readonly latencyMs?: { readonly average: number; readonly max: number };
}

export interface HttpFindings {
  readonly exchangeCount: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** Busiest first. */
  readonly routes: readonly HttpRoute[];
  /** 5xx answers, then malformed messages, then 4xx answers; most frequent first within each. */
  readonly anomalies: readonly HttpAnomaly[];
}

export const NO_RESPONSE = 'none';
const SENSITIVE_HEADER = /^\s*(authorization|proxy-authorization|cookie|set-cookie)\s*:?/i;

export function summariseHttp(exchanges: readonly HttpExchange[], maxRoutes = 10): HttpFindings {
  const byStatus: Record<string, number> = {};
  const routes = new Map<string, { route: Omit<HttpRoute, 'count' | 'latencyMs'>; count: number; latencies: number[] }>();
  const errors = new Map<string, { anomaly: Omit<ErrorStatusAnomaly, 'count' | 'upstream'>; count: number; upstream: Map<string, UpstreamCause> }>();
  const malformed = new Map<string, { anomaly: Omit<MalformedMessageAnomaly, 'count' | 'receivers'>; count: number; receivers: Map<string, PeerRef> }>();

  for (const exchange of exchanges) {
    const status = exchange.status === undefined ? NO_RESPONSE : String(exchange.status);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const server = serverRef(exchange.server);
    const path = exchange.target?.split('?', 1)[0];
    const host = shownHost(exchange.host);
    const request = { ...(exchange.method ? { method: exchange.method } : {}), ...(host ? { host } : {}), ...(path ? { path } : {}) };

    const routeKey = `${peerKey(server)} ${exchange.method ?? ''} ${host ?? ''} ${path ?? ''}`;
    const route = routes.get(routeKey) ?? { route: { server, ...request, byStatus: {} }, count: 0, latencies: [] };
    route.count += 1;
    (route.route.byStatus as Record<string, number>)[status] = (route.route.byStatus[status] ?? 0) + 1;
    if (exchange.latencyMs !== undefined) route.latencies.push(exchange.latencyMs);
    routes.set(routeKey, route);

    if (exchange.status !== undefined && exchange.status >= 400) {
      const client = clientRef(exchange.client);
      const key = `${routeKey} ${exchange.status} ${peerKey(client)}`;
      const group = errors.get(key) ?? { anomaly: { kind: 'error-status', status: exchange.status, reason: exchange.reason ?? '', ...request, server, client }, count: 0, upstream: new Map() };
      group.count += 1;
      const cause = upstreamOf(exchange, exchanges);
      if (cause) {
        const causeKey = peerKey(cause.server);
        const seen = group.upstream.get(causeKey);
        group.upstream.set(causeKey, { ...cause, count: (seen?.count ?? 0) + 1 });
      }
      errors.set(key, group);
    }

    for (const problem of exchange.problems) {
      const sender = problem.message === 'response' ? server : clientRef(exchange.client);
      const receiver = problem.message === 'response' ? clientRef(exchange.client) : server;
      const quoted = printable(redact(problem.line));
      const key = `${problem.kind} ${problem.message} ${peerKey(sender)} ${quoted.text}`;
      const group = malformed.get(key) ?? {
        anomaly: { kind: problem.kind, message: problem.message, sender, ...request, quote: quoted.text, cutAtSnaplen: problem.cutAtSnaplen || quoted.shortened, firstEventNum: problem.eventNum },
        count: 0,
        receivers: new Map(),
      };
      group.count += 1;
      group.receivers.set(peerKey(receiver), receiver);
      malformed.set(key, group);
    }
  }

  const errorAnomalies = [...errors.values()].map(({ anomaly, count, upstream }): ErrorStatusAnomaly => {
    const cause = [...upstream.values()].sort((a, b) => b.count - a.count)[0];
    return { ...anomaly, count, ...(cause ? { upstream: cause } : {}) };
  });
  const malformedAnomalies = [...malformed.values()].map(({ anomaly, count, receivers }): MalformedMessageAnomaly => ({ ...anomaly, count, receivers: [...receivers.values()] }));
  const byCount = (a: { count: number }, b: { count: number }) => b.count - a.count;
  return {
    exchangeCount: exchanges.length,
    byStatus,
    routes: [...routes.values()]
      .map(({ route, count, latencies }) => ({ ...route, count, ...(latencies.length > 0 ? { latencyMs: latencyOf(latencies) } : {}) }))
      .sort(byCount)
      .slice(0, maxRoutes),
    anomalies: [
      ...errorAnomalies.filter((anomaly) => anomaly.status >= 500).sort(byCount),
      ...malformedAnomalies.sort(byCount),
      ...errorAnomalies.filter((anomaly) => anomaly.status < 500).sort(byCount),
    ],
  };
}

/**
 * When a process answered with an error while its own request upstream (made
 * after the request it answers, and answered before it answered) was faulty,
 * that upstream exchange is the likely cause: a proxy's 502 and its backend.
 */
function upstreamOf(exchange: HttpExchange, all: readonly HttpExchange[]): Omit<UpstreamCause, 'count'> | undefined {
  const pid = exchange.server.process?.pid;
  const from = exchange.requestAt;
  const to = exchange.responseAt;
  if (pid === undefined || !from || !to) return undefined;
  const within = (time: EventTime | undefined) => time !== undefined && millisBetween(from, time) >= 0 && millisBetween(time, to) >= 0;
  const upstream = all.find((other) =>
    other.client.process?.pid === pid &&
    within(other.requestAt) &&
    (other.responseAt === undefined || within(other.responseAt)) &&
    (other.problems.length > 0 || other.status === undefined || other.status >= 500));
  if (!upstream) return undefined;
  return {
    server: serverRef(upstream.server),
    ...(upstream.status !== undefined ? { status: upstream.status } : {}),
    problems: [...new Set(upstream.problems.map((problem) => problem.kind))],
  };
}

function serverRef(peer: HttpPeer): PeerRef {
  return { ip: peer.address.ip, port: peer.address.port, ...(peer.process ? { process: peer.process } : {}) };
}

function clientRef(peer: HttpPeer): PeerRef {
  return { ip: peer.address.ip, ...(peer.process ? { process: peer.process } : {}) };
}

function peerKey(peer: PeerRef): string {
  return `${peer.ip}|${peer.port ?? ''}|${peer.process?.pid ?? ''}`;
}

function latencyOf(latencies: number[]): { average: number; max: number } {
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return { average: round(latencies.reduce((sum, ms) => sum + ms, 0) / latencies.length), max: round(Math.max(...latencies)) };
}

/** Credentials stay out of chat even when the line that carries them is malformed. */
function redact(line: string): string {
  const match = SENSITIVE_HEADER.exec(line);
  return match ? `${match[0]} [redacted]` : line;
}
