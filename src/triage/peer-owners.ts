import type { HttpAnomaly, PeerRef } from './http-anomaly.js';
import type { HttpFindings, HttpRoute } from './http-findings.js';
import type { PeerOwners } from './cluster-peer.js';

/** A peer the trace cannot place: no process of a pod was seen behind its address. */
function unnamed(peer: PeerRef): boolean {
  return peer.process?.pod === undefined;
}

function peersOf(anomaly: HttpAnomaly): PeerRef[] {
  if (anomaly.kind === 'error-status') return [anomaly.server, anomaly.client, ...(anomaly.upstream ? [anomaly.upstream.server] : [])];
  return [anomaly.sender, ...anomaly.receivers];
}

/** The addresses the summary shows whose owner the trace does not name, each once, sorted. */
export function unnamedPeerIps(http: Pick<HttpFindings, 'anomalies' | 'routes'>): string[] {
  const peers = [...http.anomalies.flatMap(peersOf), ...http.routes.map((route) => route.server)];
  return [...new Set(peers.filter(unnamed).map((peer) => peer.ip))].sort();
}

/** The peers of the findings with their cluster owners, where the trace did not name them. */
export function namePeers<T extends Pick<HttpFindings, 'anomalies' | 'routes'>>(http: T, owners: PeerOwners, targetNamespace?: string): T {
  if (owners.size === 0) return http;
  const name = <P extends PeerRef>(peer: P): P => {
    const owner = unnamed(peer) ? owners.get(peer.ip) : undefined;
    if (!owner) return peer;
    const { namespace, ...rest } = owner;
    return { ...peer, cluster: { ...rest, ...(namespace !== undefined && namespace !== targetNamespace ? { namespace } : {}) } };
  };
  const anomaly = (a: HttpAnomaly): HttpAnomaly =>
    a.kind === 'error-status'
      ? { ...a, server: name(a.server), client: name(a.client), ...(a.upstream ? { upstream: { ...a.upstream, server: name(a.upstream.server) } } : {}) }
      : { ...a, sender: name(a.sender), receivers: a.receivers.map(name) };
  const route = (r: HttpRoute): HttpRoute => ({ ...r, server: name(r.server) });
  return { ...http, anomalies: http.anomalies.map(anomaly), routes: http.routes.map(route) };
}
