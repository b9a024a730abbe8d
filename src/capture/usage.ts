import type { CaptureLimits } from './capture-spec.js';
import { formatDuration } from './duration.js';
import { showToken } from './show-token.js';

/**
 * The help of `/capture`: plain text with mrkdwn code spans, and no `&`, `<`
 * or `>`, so it reads the same escaped or not. `/capture help` fits one
 * screen; the rest is behind `/capture help TOPIC`.
 */
export const HELP_TOPICS = ['targets', 'filters', 'policy'] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];

export function isHelpTopic(word: string): word is HelpTopic {
  return (HELP_TOPICS as readonly string[]).includes(word);
}

/** The design card's line: the incident this bot was made for. */
export const CANONICAL_EXAMPLE = '/capture ticket-balancer -n ticket-generator 30s';

const code = (text: string): string => `\`${text}\``;
const row = ([typed, meaning]: readonly [string, string]): string => `${code(typed)}  ${meaning}`;

/** [what is typed, what it means]. */
type Rows = readonly (readonly [string, string])[];

const TOPIC_LINES: Readonly<Record<HelpTopic, string>> = {
  targets: 'pods, workloads (`deploy/`, `sts/`, `ds/`, `job/`, `rs/`), `-l` selectors and `node/`',
  filters: 'sysdig filters after `--`, `-s` snaplen, `-M`, `--driver`',
  policy: 'who may capture where, approvals, limits, cancel',
};

function mainHelp(limits: CaptureLimits): string[] {
  return [
    `${code(CANONICAL_EXAMPLE)}  30 seconds of ticket-balancer's pods in namespace ticket-generator`,
    "Records the target's system calls with sysdig on its node and posts a link to the trace (`.scap.gz`, for Sysdig Inspect, Stratoshark or `sysdig -r`) and a short summary in this channel.",
    '`/capture NAME [-n NS] [-c CONTAINER] [DURATION] [-- FILTER]`',
    row(['NAME', 'a pod, else the workload of that name, else the running pods whose names start with it; a typo gets suggestions']),
    row(['-n NS', 'the namespace (default: `default`)']) + ' · ' + row(['-c CONTAINER', 'only that container']),
    row(['DURATION', `\`30s\`, \`2m\`, \`1m30s\` or seconds (default: \`30s\`, ${formatDuration(limits.minDurationSeconds)} to ${formatDuration(limits.maxDurationSeconds)})`]),
    '`/capture status [ID]` · `/capture list` · `/capture cancel ID`  where captures stand, the last 10, stop one',
    row(['/capture policy [-n NS]', 'the rule for this channel and you: who may capture, approval, limits']),
    '',
    ...HELP_TOPICS.map((topic) => row([`/capture help ${topic}`, TOPIC_LINES[topic]])),
  ];
}

const TARGET_ROWS: Rows = [
  ['NAME', 'a pod; else the deployment, statefulset, daemonset, job or replicaset of that name; else the running pods whose names start with it when they are one workload’s'],
  ['pod/NAME', 'only the pod of that name, never a workload'],
  ['deploy/NAME, statefulset/NAME, daemonset/NAME, job/NAME, rs/NAME', 'every running pod of that workload (also `deployment/`, `sts/`, `ds/`, `replicaset/`): one capture pod per node, one link per node, one summary'],
  ['-l LABEL=VALUE[,…], --selector LABEL=VALUE', 'every running pod the label selector matches, e.g. `-l app=web,tier!=db`'],
  ['node/NAME', 'every pod on that node, whatever its namespace (checked by the policy as namespace `kube-system`); takes no `-n` or `-c`'],
  ['-n NS, -ns NS, --namespace NS', 'the namespace of the target (default: `default`)'],
  ['-c CONTAINER, --container CONTAINER', "only that container of each pod (kubectl's flag)"],
  ['--cluster NAME', "the cluster (a worker's CLUSTER_NAME); also on `status`, `list` and `cancel`. Without it: the channel's default cluster, else the one cluster where the target is found"],
];

function targetsHelp(): string[] {
  return [
    'Targets: what one /capture records.',
    '`/capture NAME|pod/NAME|deploy/NAME|sts/NAME|ds/NAME|job/NAME|rs/NAME [-n NS] [-c CONTAINER] [DURATION]`',
    '`/capture -l LABEL=VALUE[,…] [-n NS] [DURATION]` · `/capture node/NAME [DURATION]`',
    ...TARGET_ROWS.map(row),
    'A workload or selector may span at most a few nodes (MAX_NODES_PER_CAPTURE, 5 unless set); the status message names the pods and nodes found.',
    `Example: ${code('/capture deploy/web -n shop 1m')}  1 minute of every running pod of deployment web`,
  ];
}

function filtersHelp(limits: CaptureLimits): string[] {
  const rows: Rows = [
    ['-- FILTER', 'a sysdig filter: all the text after `--`, in one piece; it can only narrow what the target records (quotes must close, parentheses pair up)'],
    ['DURATION, -M SECONDS', `how long to record: \`30s\`, \`2m\`, \`1m30s\`, or \`-M\` whole seconds as in \`kubectl capture\`; one of them (${formatDuration(limits.minDurationSeconds)} to ${formatDuration(limits.maxDurationSeconds)})`],
    ['-s BYTES, --snaplen BYTES', `how many bytes of each I/O buffer to keep (default: \`80\`, at most ${limits.maxSnaplen})`],
    ['--driver kmod|ebpf|modern-bpf', `how sysdig hooks into the kernel (default: \`${limits.defaultDriver}\`)`],
    ['--ebpf', 'the same as `--driver ebpf`'],
    ['-h, --help', 'the help'],
  ];
  return [
    'Filters and recording options.',
    ...rows.map(row),
    'An option takes its value after a space or an `=` (`--namespace=shop`), and may be given once. Other sysdig options are not passed through.',
    `Example: ${code('/capture web-7d4b9c-x2x9z -n shop 2m -s 256 -- proc.name=nginx and fd.port=80')}  2 minutes of nginx's traffic on port 80, 256 bytes of each buffer`,
  ];
}

function policyHelp(): string[] {
  return [
    'Policy: the access policy decides who may capture which namespace, from which channel, and whether someone must approve.',
    row(['/capture policy [-n NS]', 'the rule that applies in this channel to you (namespace given or `default`): who may request, approval and by whom, limits, drivers']),
    'When a capture needs approval, a card is posted in the channel; the requester never approves their own request. A refused request says which rule and which limit, and offers the command within the limits when there is one.',
    row(['/capture cancel ID', 'stops capture ID (the id under its status message) and deletes its capture pod; for whoever asked for it or an approver']),
  ];
}

/** The text `/capture help [TOPIC]` answers with. */
export function captureHelp(limits: CaptureLimits, topic?: HelpTopic): string {
  switch (topic) {
    case undefined:
      return mainHelp(limits).join('\n');
    case 'targets':
      return targetsHelp().join('\n');
    case 'filters':
      return filtersHelp(limits).join('\n');
    case 'policy':
      return policyHelp().join('\n');
  }
}

/** The one line for a topic that does not exist; it quotes user text, so escape it for mrkdwn. */
export function unknownTopicText(word: string): string {
  return `${showToken(word)} is not a help topic: the topics are ${HELP_TOPICS.map((topic) => code(`/capture help ${topic}`)).join(', ')}, and \`/capture help\` itself.`;
}

/** Every help text, one after the other: what the documentation checks look through. */
export function allHelp(limits: CaptureLimits): string {
  return [undefined, ...HELP_TOPICS].map((topic) => captureHelp(limits, topic)).join('\n\n');
}
