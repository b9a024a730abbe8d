/**
 * The help text of `/capture`: plain text with mrkdwn code spans, and no `&`,
 * `<` or `>`, so it reads the same escaped or not. Built from lists so that a
 * new form of the command adds a line to each, not a new text.
 */
const FORMS: readonly string[] = [
  '/capture ticket-balancer -n ticket-generator 30s',
  '/capture NAME [-n|--namespace|-ns NS] [-c CONTAINER] [DURATION | -M SECONDS] [-s|--snaplen BYTES] [--driver kmod|ebpf|modern-bpf | --ebpf] [-- FILTER…]',
  '/capture pod/NAME|deploy/NAME|statefulset/NAME|daemonset/NAME|job/NAME|rs/NAME [-n NS] [options…]',
  '/capture -l|--selector LABEL=VALUE[,…] [-n NS] [options…]',
  '/capture node/NAME [options…]',
  '/capture cancel ID',
  '/capture status [ID]',
  '/capture list',
  '/capture help',
];

const WHAT_IT_DOES =
  "Records the target's system calls with sysdig on the pod's node and posts a link to the trace (`.scap.gz`, for Sysdig Inspect, Stratoshark or `sysdig -r`) in this channel.";

/** [what is typed, what it means]. */
const PARTS: readonly (readonly [string, string])[] = [
  ['NAME', 'a pod, else the workload of that name (deployment, statefulset, daemonset, job, replicaset), else the running pods whose names start with it when they are one workload’s; a typo gets suggestions'],
  ['-n NS, -ns NS, --namespace NS', 'the namespace of the pod (default: `default`)'],
  ['-c CONTAINER, --container CONTAINER', "only that container of each pod (kubectl's flag)"],
  ['deploy/NAME, statefulset/NAME, daemonset/NAME', 'every running pod of that workload (also `deployment/`, `sts/`, `ds/`): one capture pod per node, one link per node, one summary'],
  ['-l LABEL=VALUE, --selector LABEL=VALUE', 'every running pod the label selector matches, e.g. `-l app=web,tier!=db`'],
  ['node/NAME', 'every pod on that node, whatever its namespace (checked by the policy as namespace `kube-system`)'],
  ['DURATION', 'how long to record: `30s`, `2m`, `1m30s` or a number of seconds (default: `30s`)'],
  ['-M SECONDS', 'the duration in whole seconds, as in `kubectl capture`; give DURATION or -M, not both'],
  ['-s BYTES, --snaplen BYTES', 'how many bytes of each I/O buffer to keep (default: `80`)'],
  ['--driver kmod|ebpf|modern-bpf', 'how sysdig hooks into the kernel (default: set by the bot, normally `modern-bpf`)'],
  ['--ebpf', 'the same as `--driver ebpf`'],
  ['-- FILTER', 'a sysdig filter: all the text after `--`, in one piece, e.g. `proc.name=nginx and fd.port=80`'],
  ['cancel ID', 'stops capture ID (the id under its status message) and deletes its capture pod; for whoever asked for it or an approver'],
  ['status [ID]', "where capture ID stands; without ID, this channel's captures that have not finished"],
  ['list', "this channel's last 10 captures (who, what, when, outcome, size), each finished one with a button for a fresh link"],
  ['-h, --help', 'this help'],
];

const NOTES: readonly string[] = [
  'A workload or selector may span at most a few nodes (MAX_NODES_PER_CAPTURE, 5 unless set); the worker says which pods and nodes it found.',
  'An option takes its value after a space or an `=` (`--namespace=shop`), and may be given once. Other sysdig options are not accepted.',
  'The duration and snaplen have limits set by the bot (by default 1s to 5m, and at most 4096 bytes).',
];

/** [command, what it does]; the first is the incident this bot was made for. */
const EXAMPLES: readonly (readonly [string, string])[] = [
  ['/capture ticket-balancer -n ticket-generator 30s', '30 seconds of deployment ticket-balancer’s pods, only their containers'],
  ['/capture web-7d4b9c-x2x9z -n shop 2m -s 256 -- proc.name=nginx and fd.port=80', "2 minutes of nginx's traffic on port 80, 256 bytes of each buffer"],
];

const code = (text: string): string => `\`${text}\``;

export const CAPTURE_USAGE: string = [
  'Usage:',
  ...FORMS.map(code),
  '',
  WHAT_IT_DOES,
  '',
  ...PARTS.map(([typed, meaning]) => `${code(typed)}  ${meaning}`),
  '',
  ...NOTES,
  '',
  'Examples:',
  ...EXAMPLES.map(([command, meaning]) => `${code(command)}  ${meaning}`),
].join('\n');
