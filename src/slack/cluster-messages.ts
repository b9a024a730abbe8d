import type { CaptureSpec } from '../capture/capture-spec.js';
import { typedCommandText } from '../capture/command-text.js';
import type { ResolveAnswer } from '../queue/resolve-queue.js';
import { code, formatUtc } from './mrkdwn.js';
import { resolveFailedText, unresolvedText } from './resolution-messages.js';

const list = (names: readonly string[]) => names.map(code).join(', ');

/** `--cluster NAME` names no cluster any worker announced. */
export function unknownClusterText(name: string, known: readonly string[]): string {
  const clusters = known.length === 0 ? 'no worker has announced a cluster yet' : `the known clusters are ${list(known)}`;
  return `:warning: There is no cluster ${code(name)}: ${clusters}. Nothing was started.`;
}

/** No worker of the cluster wrote a heartbeat for 30 s. */
export function unreachableClusterText(name: string, lastSeen: Date): string {
  return `:warning: Cluster ${code(name)} is unreachable: no worker of it has been heard from since ${formatUtc(lastSeen)}. Nothing was started; check its worker pods, then try again.`;
}

/** The target is in several clusters: nothing is guessed, each command to type is given. */
export function foundInSeveralClustersText(spec: CaptureSpec, clusters: readonly string[]): string {
  const commands = clusters.map((cluster) => `• ${code(cluster)}: ${code(`/capture ${typedCommandText({ ...spec, cluster }, { defaultDriver: spec.driver })}`)}`);
  return [`:twisted_rightwards_arrows: ${code(spec.pod)} is in namespace ${code(spec.namespace)} of ${clusters.length} clusters, so nothing was started. Name one:`, ...commands].join('\n');
}

/** Found in no live cluster: what each cluster said (its suggestions, or why it could not look). */
export function foundInNoClusterText(spec: CaptureSpec, answers: readonly { readonly cluster: string; readonly answer: ResolveAnswer }[]): string {
  const lines = answers.map(({ cluster, answer }) => {
    const said = answer.kind !== 'answer' ? resolveFailedText(answer) : answer.resolution.kind === 'resolved' ? '' : unresolvedText(answer.resolution, { ...spec, cluster });
    return `*Cluster ${code(cluster)}*: ${said.replace(/\nNothing was started\.$/, '').replace(/ Nothing was started\.?/, '')}`;
  });
  return [...lines, 'Nothing was started.'].join('\n');
}
