import { findOption } from './command-options.js';
import { DEFAULT_NAMESPACE } from './capture-spec.js';
import { kubeNameProblem } from './kube-names.js';
import { showToken } from './show-token.js';

/** `/capture policy [-n NS]`, read: the namespace asked about, or the problem with what was typed. */
export type PolicyCommand = { readonly kind: 'policy'; readonly namespace: string } | { readonly kind: 'invalid'; readonly problem: string };

const HOW = 'write `/capture policy` or `/capture policy -n NAMESPACE`';

/** Reads the words after `policy` (and any text after `--`, which it does not take). */
export function readPolicyCommand(words: readonly string[], filterText: string | undefined): PolicyCommand {
  if (filterText !== undefined) return { kind: 'invalid', problem: `\`/capture policy\` takes no \`--\`: ${HOW}.` };
  const [first, second, extra] = words;
  if (first === undefined) return { kind: 'policy', namespace: DEFAULT_NAMESPACE };
  const equals = first.indexOf('=');
  const name = equals > 0 ? first.slice(0, equals) : first;
  if (findOption(name)?.key !== 'namespace') return { kind: 'invalid', problem: `\`/capture policy\` takes only a namespace, but ${showToken(first)} was given: ${HOW}.` };
  const namespace = equals > 0 ? first.slice(equals + 1) : second;
  const after = equals > 0 ? second : extra;
  if (namespace === undefined || namespace === '') return { kind: 'invalid', problem: `${showToken(name)} needs a namespace after it: ${HOW}.` };
  const problem = kubeNameProblem('namespace', namespace);
  if (problem) return { kind: 'invalid', problem };
  if (after !== undefined) return { kind: 'invalid', problem: `\`/capture policy\` takes one namespace, but ${showToken(after)} follows it: ${HOW}.` };
  return { kind: 'policy', namespace };
}
