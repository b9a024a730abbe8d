/** How often one node's trace showed a finding, in a capture over several nodes. */
export interface NodeCount {
  readonly node: string;
  readonly count: number;
}

/** Set only by mergeSummaries: the nodes whose traces showed the finding, in node order. */
export interface SeenOn {
  readonly seenOn?: readonly NodeCount[];
}
