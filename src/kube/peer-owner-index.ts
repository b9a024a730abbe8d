import type { V1Pod, V1Service } from '@kubernetes/client-node';
import type { ClusterPeer } from '../triage/cluster-peer.js';

/**
 * Who owns which address, from one list of pods and one of Services: a pod
 * owns its pod IPs unless it runs in the host's network (then the IP is the
 * node's, shared by every such pod) or has ended (its IP may be someone
 * else's by now); a Service owns its cluster IPs (headless ones have none).
 * An address two owners claim is left out rather than guessed.
 */
export function indexOwners(pods: readonly V1Pod[], services: readonly V1Service[], wanted: ReadonlySet<string>): Map<string, ClusterPeer> {
  const claims = new Map<string, ClusterPeer[]>();
  const claim = (ip: string | undefined, owner: ClusterPeer) => {
    if (!ip || !wanted.has(ip)) return;
    const list = claims.get(ip) ?? [];
    if (!list.some((other) => other.kind === owner.kind && other.name === owner.name && other.namespace === owner.namespace)) list.push(owner);
    claims.set(ip, list);
  };
  for (const pod of pods) {
    const { name, namespace } = pod.metadata ?? {};
    const phase = pod.status?.phase;
    if (!name || !namespace || pod.spec?.hostNetwork === true || phase === 'Succeeded' || phase === 'Failed') continue;
    for (const ip of [pod.status?.podIP, ...(pod.status?.podIPs ?? []).map((entry) => entry.ip)]) claim(ip, { kind: 'pod', name, namespace });
  }
  for (const service of services) {
    const { name, namespace } = service.metadata ?? {};
    if (!name || !namespace) continue;
    for (const ip of [service.spec?.clusterIP, ...(service.spec?.clusterIPs ?? [])]) if (ip !== 'None') claim(ip, { kind: 'service', name, namespace });
  }
  const owners = new Map<string, ClusterPeer>();
  for (const [ip, list] of claims) if (list.length === 1 && list[0]) owners.set(ip, list[0]);
  return owners;
}
