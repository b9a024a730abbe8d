import { DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import type { TargetResolution } from '../capture/target-resolution.js';
import type { ClusterLiveness } from './cluster-liveness.js';

/** What one cluster's workers said about a target (the bot's ResolveAnswer, kept loose so this stays pure). */
export interface ClusterAnswer<A> {
  readonly cluster: string;
  readonly answer: A;
}

/** Why a named cluster cannot take a request now; undefined when it can. */
export type NamedClusterProblem =
  | { readonly kind: 'unknown-cluster'; readonly name: string; readonly known: readonly string[] }
  | { readonly kind: 'unreachable-cluster'; readonly name: string; readonly lastSeen: Date };

/**
 * Whether `--cluster NAME` (or the channel's default) names a cluster with a
 * live worker. With no heartbeat at all the default cluster passes: that is a
 * one-cluster install whose workers predate heartbeats, or are all down,
 * which the resolve step reports as today.
 */
export function namedClusterProblem(name: string, clusters: readonly ClusterLiveness[]): NamedClusterProblem | undefined {
  const found = clusters.find((cluster) => cluster.name === name);
  if (!found) {
    if (name === DEFAULT_CLUSTER && clusters.length === 0) return undefined;
    return { kind: 'unknown-cluster', name, known: clusters.map((cluster) => cluster.name) };
  }
  return found.live ? undefined : { kind: 'unreachable-cluster', name, lastSeen: found.lastSeen };
}

/** Where a target named without a cluster is, from each live cluster's answer. Nothing is guessed. */
export type ClusterSearch<A> =
  | { readonly kind: 'found'; readonly cluster: string; readonly answer: A }
  | { readonly kind: 'several'; readonly clusters: readonly string[] }
  | { readonly kind: 'nowhere'; readonly answers: readonly ClusterAnswer<A>[] };

export function searchOutcome<A extends { readonly kind: string; readonly resolution?: Pick<TargetResolution, 'kind'> }>(answers: readonly ClusterAnswer<A>[]): ClusterSearch<A> {
  const found = answers.filter(({ answer }) => answer.kind === 'answer' && answer.resolution?.kind === 'resolved');
  const [only] = found;
  if (found.length === 1 && only) return { kind: 'found', cluster: only.cluster, answer: only.answer };
  if (found.length > 1) return { kind: 'several', clusters: found.map(({ cluster }) => cluster).sort() };
  return { kind: 'nowhere', answers };
}
