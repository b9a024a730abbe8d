import type { CaptureTarget, WorkloadKind } from './capture-target.js';
import { isKubeName, kubeNameProblem } from './kube-names.js';
import { showToken } from './show-token.js';
import type { ValueReading } from './value-reading.js';

type Kind = 'pod' | WorkloadKind | 'node';

/** `KIND/NAME` as kubectl spells the kinds /capture takes. */
const KINDS: Readonly<Record<string, Kind>> = {
  pod: 'pod', pods: 'pod', po: 'pod',
  deploy: 'deployment', deployment: 'deployment', deployments: 'deployment',
  statefulset: 'statefulset', statefulsets: 'statefulset', sts: 'statefulset',
  daemonset: 'daemonset', daemonsets: 'daemonset', ds: 'daemonset',
  job: 'job', jobs: 'job',
  replicaset: 'replicaset', replicasets: 'replicaset', rs: 'replicaset',
  node: 'node', nodes: 'node', no: 'node',
};

const FORMS = '`NAME`, `pod/NAME`, `deploy/NAME`, `statefulset/NAME`, `daemonset/NAME`, `job/NAME`, `rs/NAME` or `node/NAME` (or `-l LABEL=VALUE`)';

/** What the first word named: one pod, or a wider target. */
export type TargetWord = { readonly pod: string } | { readonly target: CaptureTarget };

/** Reads a `KIND/NAME` word: `deploy/web`, `sts/db`, `ds/agent`, `node/node-a`, `pod/web-1`. */
export function readTargetWord(word: string): ValueReading<TargetWord> {
  const slash = word.indexOf('/');
  const kindText = word.slice(0, slash);
  const name = word.slice(slash + 1);
  const kind = KINDS[kindText.toLowerCase()];
  if (!kind) return { problem: `${showToken(word)}: /capture cannot capture a ${showToken(kindText)}; give ${FORMS}.` };
  if (name === '') return { problem: `${showToken(word)} names no ${kind}: write ${showToken(`${kindText}/NAME`)}.` };
  if (kind === 'pod') {
    const problem = kubeNameProblem('pod', name);
    return problem ? { problem } : { value: { pod: name } };
  }
  if (!isKubeName('pod', name)) {
    return { problem: `${showToken(name)} is not a valid ${kind} name: Kubernetes names are lowercase letters, digits, \`-\` and \`.\`, and start and end with a letter or digit.` };
  }
  const target: CaptureTarget = kind === 'node' ? { kind, name } : { kind, name };
  return { value: { target } };
}
