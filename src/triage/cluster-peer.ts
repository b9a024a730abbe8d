/** What owns an address in the cluster: a pod by its pod IP, a Service by its cluster IP. */
export interface ClusterPeer {
  readonly kind: 'pod' | 'service';
  readonly name: string;
  readonly namespace: string;
}

/** Owners by IP, as the cluster answered; an address it does not know is absent. */
export type PeerOwners = ReadonlyMap<string, ClusterPeer>;

/** A peer's owner as a summary shows it: the namespace only when it is not the capture target's. */
export type PeerOwnerName = Omit<ClusterPeer, 'namespace'> & { readonly namespace?: string };
