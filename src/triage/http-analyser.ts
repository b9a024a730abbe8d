import type { HttpExchange } from './http-exchange.js';
import type { EndpointExchange } from './http-stream.js';
import { followEndpoint } from './http-stream.js';
import type { EventTime, IoEvent } from './io-event.js';
import { millisBetween } from './io-event.js';
import type { ProcessRef } from './process-ref.js';
import type { ConnectionTuple } from './socket-address.js';

interface Seen extends EndpointExchange {
  readonly process: ProcessRef;
}

/**
 * Reconstructs the HTTP/1.x exchanges in a trace's socket I/O. Each endpoint
 * (a process's socket) is followed on its own; when the capture saw both ends
 * of a connection (a proxy and its backend on one node), the n-th exchange of
 * the client end and the n-th of the server end are the same exchange.
 */
export function analyseHttp(events: readonly IoEvent[]): HttpExchange[] {
  const endpoints = new Map<string, IoEvent[]>();
  for (const event of events) {
    const key = `${event.process.pid}|${event.fd}|${event.connectionName}`;
    const list = endpoints.get(key);
    if (list) list.push(event);
    else endpoints.set(key, [event]);
  }

  const connections = new Map<string, { tuple: ConnectionTuple; client: Seen[]; server: Seen[] }>();
  for (const list of endpoints.values()) {
    const first = list[0] as IoEvent;
    let connection = connections.get(first.connectionName);
    if (!connection) {
      connection = { tuple: first.connection, client: [], server: [] };
      connections.set(first.connectionName, connection);
    }
    for (const exchange of followEndpoint(list)) connection[exchange.role].push({ ...exchange, process: first.process });
  }

  const exchanges: HttpExchange[] = [];
  for (const [name, { tuple, client, server }] of connections) {
    const clientSide = client.sort(byTime);
    const serverSide = server.sort(byTime);
    for (let i = 0; i < Math.max(clientSide.length, serverSide.length); i += 1) {
      const fromClient = clientSide[i];
      const fromServer = serverSide[i];
      if (fromClient && fromServer && !sameRequest(fromClient, fromServer)) {
        exchanges.push(merge(name, tuple, fromClient, undefined), merge(name, tuple, undefined, fromServer));
      } else {
        exchanges.push(merge(name, tuple, fromClient, fromServer));
      }
    }
  }
  return exchanges.sort((a, b) => millisBetween(firstSeen(b.requestAt ?? b.responseAt), firstSeen(a.requestAt ?? a.responseAt)));
}

function merge(name: string, tuple: ConnectionTuple, fromClient: Seen | undefined, fromServer: Seen | undefined): HttpExchange {
  const request = fromClient?.request ?? fromServer?.request;
  const response = fromClient?.response ?? fromServer?.response;
  const timed = [fromClient, fromServer].find((seen) => seen?.request && seen.response);
  const problems = [...(fromClient?.problems ?? []), ...(fromServer?.problems ?? [])].filter(
    (problem, index, all) => all.findIndex((other) => other.kind === problem.kind && other.message === problem.message && other.line === problem.line) === index,
  );
  return {
    connectionName: name,
    client: { address: tuple.client, ...(fromClient ? { process: fromClient.process } : {}) },
    server: { address: tuple.server, ...(fromServer ? { process: fromServer.process } : {}) },
    ...(request ? { method: request.method, target: request.target, requestAt: request.at } : {}),
    ...(request?.host !== undefined ? { host: request.host } : {}),
    ...(response ? { responseAt: response.at } : {}),
    ...(response?.code !== undefined ? { status: response.code, reason: response.reason ?? '' } : {}),
    ...(timed?.request && timed.response ? { latencyMs: millisBetween(timed.request.at, timed.response.at) } : {}),
    problems,
    seenBy: [...(fromClient ? (['client'] as const) : []), ...(fromServer ? (['server'] as const) : [])],
  };
}

function sameRequest(a: EndpointExchange, b: EndpointExchange): boolean {
  if (!a.request || !b.request) return true;
  return a.request.method === b.request.method && a.request.target === b.request.target;
}

const NEVER: EventTime = { s: 0, ns: 0 };

function firstSeen(time: EventTime | undefined): EventTime {
  return time ?? NEVER;
}

function byTime(a: EndpointExchange, b: EndpointExchange): number {
  return millisBetween(firstSeen(b.request?.at ?? b.response?.at), firstSeen(a.request?.at ?? a.response?.at));
}
