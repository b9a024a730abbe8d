import type { NodePods } from './target-resolution.js';

const code = (text: string): string => `\`${text}\``;
const podsOf = (nodes: readonly NodePods[]): Set<string> => new Set(nodes.flatMap((entry) => entry.pods));

/**
 * What differs between the pods a request was approved on and the ones the
 * worker found at capture time (a rollout in between), in one sentence; undefined when nothing.
 */
export function podsChangedText(approved: readonly NodePods[] | undefined, current: readonly NodePods[]): string | undefined {
  if (!approved) return undefined;
  const before = podsOf(approved);
  const now = podsOf(current);
  const added = [...now].filter((pod) => !before.has(pod)).sort();
  const gone = [...before].filter((pod) => !now.has(pod)).sort();
  if (added.length === 0 && gone.length === 0) return undefined;
  const parts = [...(added.length > 0 ? [`now also ${added.map(code).join(', ')}`] : []), ...(gone.length > 0 ? [`no longer ${gone.map(code).join(', ')}`] : [])];
  return `The pods changed since the request (a rollout?): ${parts.join('; ')}. The capture runs on the pods running now.`;
}

/**
 * Containers captured by id that have another id (or are gone) after the
 * capture: they restarted, and sysdig's scope did not follow them.
 */
export function restartedText(captured: readonly NodePods[], after: readonly NodePods[] | undefined): string | undefined {
  const afterIds = new Set((after ?? []).flatMap((entry) => entry.containerIds ?? []));
  const touched = captured.filter((entry) => (entry.containerIds ?? []).some((id) => !afterIds.has(id)));
  if (touched.length === 0) return undefined;
  const pods = touched.flatMap((entry) => entry.pods).map(code).join(', ');
  return `A container of ${pods} restarted or stopped during the capture: its events after that are not in the trace (the capture follows container ids).`;
}
