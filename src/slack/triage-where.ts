import type { PeerRef } from '../triage/http-anomaly.js';
import type { NodeCount } from '../triage/seen-on.js';
import { formatAddress } from '../triage/socket-address.js';
import { code } from './mrkdwn.js';

/**
 * Where a finding came from, as mrkdwn: the peer behind an address, and in a
 * capture over several nodes the nodes whose traces showed it.
 */

/** `haproxy` at `10.40.1.6:80` in pod `ticket-balancer-…`; `10.40.3.4:8080` (pod `ticket-server-…`) when only the cluster names it. */
export function peer(ref: PeerRef): string {
  const address = code(ref.port === undefined ? ref.ip : formatAddress({ ip: ref.ip, port: ref.port }));
  const owner = ref.cluster
    ? ` (${ref.cluster.kind} ${code(ref.cluster.name)}${ref.cluster.namespace !== undefined ? ` in namespace ${code(ref.cluster.namespace)}` : ''})`
    : '';
  const process = ref.process;
  if (!process) return `${address}${owner}`;
  return `${code(process.name)} at ${address}${process.pod ? ` in pod ${code(process.pod)}` : owner}`;
}

function nodeList(nodes: readonly string[]): string {
  return `node${nodes.length === 1 ? '' : 's'} ${nodes.map(code).join(', ')}`;
}

/**
 * ` on node \`node-a\``, ` on both nodes`, ` on every node`, with the count of
 * each node when they differ; empty for a capture on one node.
 */
export function seenOnText(seenOn: readonly NodeCount[] | undefined, allNodes: readonly string[]): string {
  if (!seenOn || allNodes.length < 2) return '';
  const everywhere = seenOn.length === allNodes.length;
  const where = everywhere ? (allNodes.length === 2 ? 'on both nodes' : 'on every node') : `on ${nodeList(seenOn.map((seen) => seen.node))}`;
  const uneven = seenOn.length > 1 && seenOn.some((seen) => seen.count !== seenOn[0]?.count);
  const split = uneven ? ` (${seenOn.map((seen) => `${code(seen.node)} ×${seen.count}`).join(', ')})` : '';
  return ` ${where}${split}`;
}

/** ` on node \`node-a\``, or the nodes a step's finding was seen on. */
export function stepNodesText(node: string | undefined, alsoOn: readonly string[] | undefined): string {
  if (node === undefined) return '';
  return ` on ${nodeList([node, ...(alsoOn ?? [])])}`;
}
