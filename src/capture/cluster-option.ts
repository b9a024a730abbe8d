import { isClusterName } from './cluster-name.js';
import type { CommandFix } from './command-fix.js';
import { showToken } from './show-token.js';

/** Why `--cluster VALUE` (as typed in `as`) is refused, and the lowercase fix when that is all that is wrong; undefined when it names a cluster. */
export function clusterValueProblem(value: string, as: string): { readonly problem: string; readonly fix?: CommandFix } | undefined {
  if (isClusterName(value)) return undefined;
  const problem = `${showToken(value)} is not a cluster name: cluster names (each worker's CLUSTER_NAME) are lowercase letters, digits and \`-\`, at most 63.`;
  const lower = value.toLowerCase();
  return isClusterName(lower) && as.endsWith(value) ? { problem, fix: { from: as, to: `${as.slice(0, as.length - value.length)}${lower}` } } : { problem };
}

/** The words of `status`, `list` or `cancel` without their `--cluster NAME`, and that name; or the problem with it. */
export type ClusterWords =
  | { readonly words: readonly string[]; readonly cluster?: string }
  | { readonly problem: string };

export function takeClusterOption(words: readonly string[]): ClusterWords {
  const rest: string[] = [];
  let cluster: string | undefined;
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    if (word !== '--cluster' && !word.startsWith('--cluster=')) {
      rest.push(word);
      continue;
    }
    const inline = word.startsWith('--cluster=') ? word.slice('--cluster='.length) : undefined;
    const value = inline ?? words[index + 1];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('-'))) return { problem: '`--cluster` needs a cluster name after it.' };
    if (cluster !== undefined) return { problem: 'The cluster is given twice; give it once.' };
    const bad = clusterValueProblem(value, inline === undefined ? `--cluster ${value}` : word);
    if (bad) return { problem: bad.problem };
    cluster = value;
    if (inline === undefined) index += 1;
  }
  return { words: rest, ...(cluster !== undefined && { cluster }) };
}
