import type { CaptureSpec } from '../capture/capture-spec.js';
import { DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import { namedClusterProblem, searchOutcome } from '../clusters/cluster-choice.js';
import { liveClusterNames } from '../clusters/cluster-liveness.js';
import type { ClusterDirectory } from '../queue/redis-worker-registry.js';
import type { ResolveAnswer, TargetResolver } from '../queue/resolve-queue.js';
import type { RequestTexts } from './request-texts.js';
import { targetRequest } from './target-request.js';

export interface ClusterChoiceDeps {
  /** The clusters the workers announce; unset: the default cluster only (as before clusters had names). */
  readonly clusters?: ClusterDirectory;
  readonly resolver: TargetResolver;
}

export type ClusterChoice =
  /** answer: the target as the chosen cluster resolved it, when finding the cluster took asking them all. */
  | { readonly kind: 'chosen'; readonly spec: CaptureSpec; readonly answer?: ResolveAnswer }
  /** retryable: the cluster was unreachable, which trying again later may change (an alert's repeat tries again). */
  | { readonly kind: 'not-started'; readonly text: string; readonly reason: string; readonly retryable?: true };

/**
 * The cluster a request runs in: `--cluster` or the channel's default (it
 * must have a live worker), else the only live cluster, else the one live
 * cluster where the target resolves; found in several or in none, nothing
 * starts and the requester is told where, or what each cluster said.
 */
export async function chooseCluster(spec: CaptureSpec, deps: ClusterChoiceDeps, texts: RequestTexts): Promise<ClusterChoice> {
  // Redis down: the resolve step reports it, as it did before clusters had names.
  const clusters = deps.clusters ? await deps.clusters.clusters().catch(() => []) : [];
  if (spec.cluster !== undefined) {
    const problem = namedClusterProblem(spec.cluster, clusters);
    if (problem === undefined) return { kind: 'chosen', spec };
    return problem.kind === 'unknown-cluster'
      ? { kind: 'not-started', text: texts.unknownCluster(problem.name, problem.known), reason: `unknown cluster ${problem.name}` }
      : { kind: 'not-started', text: texts.unreachableCluster(problem.name, problem.lastSeen), reason: `cluster ${problem.name} unreachable`, retryable: true };
  }
  const live = liveClusterNames(clusters);
  const [only] = live;
  const [lone] = clusters;
  // The one named cluster there is has no live worker: say so at once rather than wait out the resolve step
  // (a one-cluster install without names answers as it always did).
  if (live.length === 0 && clusters.length === 1 && lone && lone.name !== DEFAULT_CLUSTER) {
    return { kind: 'not-started', text: texts.unreachableCluster(lone.name, lone.lastSeen), reason: `cluster ${lone.name} unreachable`, retryable: true };
  }
  if (live.length < 2) return { kind: 'chosen', spec: only === undefined || only === DEFAULT_CLUSTER ? spec : { ...spec, cluster: only } };
  const request = targetRequest(spec);
  const answers = await Promise.all(live.map(async (cluster) => ({ cluster, answer: await deps.resolver.resolve(request, cluster) })));
  const outcome = searchOutcome(answers);
  switch (outcome.kind) {
    case 'found':
      return { kind: 'chosen', spec: { ...spec, cluster: outcome.cluster }, answer: outcome.answer };
    case 'several':
      return { kind: 'not-started', text: texts.foundInSeveralClusters(spec, outcome.clusters), reason: `target found in several clusters: ${outcome.clusters.join(', ')}` };
    case 'nowhere':
      return { kind: 'not-started', text: texts.foundInNoCluster(spec, outcome.answers), reason: 'target not resolved in any cluster' };
  }
}
