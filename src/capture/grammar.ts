import { readCancelCommand } from './cancel-command.js';
import { clusterValueProblem, takeClusterOption } from './cluster-option.js';
import { readListCommand, readStatusCommand } from './history-commands.js';
import { readPolicyCommand } from './policy-command.js';
import { DEFAULT_NAMESPACE, DEFAULT_SNAPLEN } from './capture-spec.js';
import { NODE_CAPTURE_NAMESPACE, targetSubject, type CaptureTarget } from './capture-target.js';
import type { CaptureLimits, CaptureSpec, ChannelDefaults } from './capture-spec.js';
import { applyFix, commandFrom, type CommandFix } from './command-fix.js';
import { findOption, unknownOptionFix, unknownOptionProblem } from './command-options.js';
import type { CommandOption } from './command-options.js';
import type { Driver } from './driver.js';
import { parseDurationSeconds } from './duration.js';
import { isKubeName, kubeNameProblem, slackReference } from './kube-names.js';
import { readLabelSelector } from './label-selector.js';
import { boundedDuration, defaultDurationSeconds, readDriver, readSeconds, readSnaplen } from './option-values.js';
import type { ValueReading } from './value-reading.js';
import { showToken } from './show-token.js';
import { decodeSlackText } from './slack-text.js';
import { readFilter } from './sysdig-filter.js';
import { readTargetWord } from './target-word.js';
import { splitCommand, startsWithDash } from './tokenize.js';

export { captureHelp, unknownTopicText } from './usage.js';
import { isHelpTopic, type HelpTopic } from './usage.js';
export { decodeSlackText } from './slack-text.js';

export type ParsedCommand =
  /** `/capture help [TOPIC]`; unknownTopic: the word typed where no topic has that name. */
  | { readonly kind: 'help'; readonly topic?: HelpTopic; readonly unknownTopic?: string }
  | { readonly kind: 'capture'; readonly spec: CaptureSpec }
  /** `/capture cancel ID`: the id upper-cased and checked to be a capture id. */
  | { readonly kind: 'cancel'; readonly captureId: string; readonly cluster?: string }
  /** `/capture status [ID]`: one capture, or (no id) this channel's unfinished ones; `--cluster`: only that cluster's. */
  | { readonly kind: 'status'; readonly captureId?: string; readonly cluster?: string }
  /** `/capture list`: this channel's last captures; `--cluster`: only that cluster's. */
  | { readonly kind: 'list'; readonly cluster?: string }
  /** `/capture policy [-n NS]`: the rule that applies to this channel and user in that namespace. */
  | { readonly kind: 'policy'; readonly namespace: string }
  /**
   * `problem`: one plain-text sentence naming the offending word; it quotes user text, so escape `&`, `<`, `>` for mrkdwn.
   * `corrected`: the text after `/capture` that would be accepted, when the mistake has one clear fix.
   */
  | { readonly kind: 'invalid'; readonly problem: string; readonly corrected?: string };

/** A value and how the command wrote it (`-n prod`, `30s`), to name both sides of a conflict. */
interface Given<T> {
  readonly value: T;
  readonly as: string;
}

interface Draft {
  /** The first word that is not an option, as typed. */
  first?: string;
  /** A duration word before any other word (allowed only with `-l`). */
  leadingDuration?: string;
  pod?: string;
  target?: CaptureTarget;
  selector?: Given<string>;
  container?: Given<string>;
  exactPod?: true;
  namespace?: Given<string>;
  cluster?: Given<string>;
  duration?: Given<number>;
  snaplen?: Given<number>;
  driver?: Given<Driver>;
  ebpf?: Given<true>;
}

class CommandProblem extends Error {
  constructor(
    problem: string,
    readonly fix: CommandFix | undefined,
  ) {
    super(problem);
  }
}

function refuse(problem: string, fix?: CommandFix): never {
  throw new CommandProblem(problem, fix);
}

function valueOf<T>(reading: ValueReading<T>): T {
  return 'problem' in reading ? refuse(reading.problem, reading.fix) : reading.value;
}

/** `-s 9000` → `-s 4096`, `--snaplen=9000` → `--snaplen=4096`: the option as typed, with another value. */
function withValue(as: string, value: string, newValue: string): string {
  return as.endsWith(value) ? `${as.slice(0, as.length - value.length)}${newValue}` : as;
}

/** A kubeNameProblem, with the lowercase name as the fix when that is all that is wrong. */
function refuseName(kind: 'pod' | 'namespace', name: string, problem: string, from: string, to: (lower: string) => string): never {
  const lower = name.toLowerCase();
  refuse(problem, lower !== name && isKubeName(kind, lower) ? { from, to: to(lower) } : undefined);
}

function once(given: Given<unknown> | undefined, what: string, as: string): void {
  if (!given) return;
  const both = given.as === as ? showToken(as) : `${showToken(given.as)} and ${showToken(as)}`;
  refuse(`${what} is given twice (${both}); give it once.`);
}

function setDuration(draft: Draft, seconds: number, as: string, limits: CaptureLimits): void {
  once(draft.duration, 'The duration', as);
  draft.duration = { value: valueOf(boundedDuration(seconds, as, limits)), as };
}

function checkDriverAgainstEbpf(draft: Draft): void {
  if (draft.ebpf && draft.driver && draft.driver.value !== 'ebpf') {
    refuse(`${showToken(draft.ebpf.as)} asks for the ebpf driver but ${showToken(draft.driver.as)} for another; give one of them.`);
  }
}

function applyOption(draft: Draft, option: CommandOption, value: string, as: string, limits: CaptureLimits): void {
  switch (option.key) {
    case 'namespace': {
      once(draft.namespace, 'The namespace', as);
      const problem = kubeNameProblem('namespace', value);
      if (problem) refuseName('namespace', value, problem, as, (lower) => withValue(as, value, lower));
      // Legal, but far more likely sysdig's `-n NUM` (stop after NUM events) than a namespace.
      if (/^\d+$/.test(value)) refuse(`${showToken(as)} gives a namespace here, as in kubectl, but ${showToken(value)} looks like sysdig's event count: give the namespace's name.`);
      draft.namespace = { value, as };
      return;
    }
    case 'cluster': {
      once(draft.cluster, 'The cluster', as);
      const bad = clusterValueProblem(value, as);
      if (bad) refuse(bad.problem, bad.fix);
      draft.cluster = { value, as };
      return;
    }
    case 'selector':
      once(draft.selector, 'The label selector', as);
      draft.selector = { value: valueOf(readLabelSelector(value)), as };
      return;
    case 'container': {
      once(draft.container, 'The container', as);
      // Container names are DNS-1123 labels, like namespaces.
      if (kubeNameProblem('namespace', value)) refuse(`${showToken(value)} is not a container name: container names are lowercase letters, digits and \`-\`, at most 63.`);
      draft.container = { value, as };
      return;
    }
    case 'seconds': {
      once(draft.duration, 'The duration', as);
      const reading = readSeconds(value, limits);
      if ('problem' in reading) {
        // readSeconds names `-M VALUE`; the fix must name the words as typed (`-M=600`).
        const to = reading.fix?.to.startsWith('-M ') ? withValue(as, value, reading.fix.to.slice(3)) : reading.fix?.to;
        refuse(reading.problem, to === undefined ? undefined : { from: as, to });
      }
      draft.duration = { value: reading.value, as };
      return;
    }
    case 'snaplen': {
      once(draft.snaplen, 'The snaplen', as);
      const reading = readSnaplen(value, limits);
      if ('problem' in reading) refuse(reading.problem, reading.fix && { from: as, to: withValue(as, value, reading.fix.to) });
      draft.snaplen = { value: reading.value, as };
      return;
    }
    case 'driver':
      once(draft.driver, 'The driver', as);
      draft.driver = { value: valueOf(readDriver(value)), as };
      return checkDriverAgainstEbpf(draft);
    case 'ebpf':
      once(draft.ebpf, 'The flag', as);
      draft.ebpf = { value: true, as };
      return checkDriverAgainstEbpf(draft);
    case 'help': // handled before options are read
      return;
  }
}

/** Reads one option at words[index]; returns how many words it used. */
function readOption(draft: Draft, words: readonly string[], index: number, limits: CaptureLimits): number {
  const word = words[index] ?? '';
  // `=` joins a value to any option (`--namespace=prod`, `-n=prod`); it is never part of an option's name.
  const equals = word.indexOf('=');
  const name = equals > 0 ? word.slice(0, equals) : word;
  const inline = equals > 0 ? word.slice(equals + 1) : undefined;
  const option = findOption(name) ?? refuse(unknownOptionProblem(name), unknownOptionFix(name, word));
  if (option.value === undefined) {
    if (inline !== undefined) refuse(`${showToken(name)} takes no value, but was given ${showToken(word)}.`);
    applyOption(draft, option, '', name, limits);
    return 1;
  }
  if (inline !== undefined) {
    if (inline === '') refuse(`${showToken(name)} needs ${option.value} after the \`=\`.`);
    applyOption(draft, option, inline, word, limits);
    return 1;
  }
  const next = words[index + 1];
  if (next === undefined) refuse(`${showToken(name)} needs ${option.value} after it.`);
  if (startsWithDash(next)) refuse(`${showToken(name)} needs ${option.value} after it, but the next word is ${showToken(next)}.`);
  applyOption(draft, option, next, `${name} ${next}`, limits);
  return 2;
}

function unexpectedWord(word: string, first: string, namespace: Given<string> | undefined): string {
  const start = `Unexpected ${showToken(word)} after ${first.includes('/') ? '' : 'the pod name '}${showToken(first)}`;
  const reference = slackReference(word);
  if (reference) return `${start}: it is ${reference}, and /capture takes one pod name.`;
  if (/^\d/.test(word)) return `${showToken(word)} is not a duration: write \`30s\`, \`2m\`, \`1m30s\` or a number of seconds.`;
  if (isKubeName('namespace', word)) refuse(`${start}: /capture takes one pod; for a namespace write \`-n ${word}\`.`, namespace ? undefined : { from: word, to: `-n ${word}` });
  return `${start}: /capture takes one pod name, then options that start with \`-\`.`;
}

/** The first word that is not an option is the pod; a word after it can only be the DURATION. */
function readWord(draft: Draft, word: string, limits: CaptureLimits): void {
  const seconds = parseDurationSeconds(word);
  if (draft.selector && (word === 'in' || word === 'notin')) {
    refuse(`${showToken(`${draft.selector.value} ${word}`)}: set-based label selectors are not supported; write equality requirements, e.g. \`-l tier=front\`.`);
  }
  if (draft.first === undefined) {
    if (seconds !== undefined) {
      // With `-l` there is no pod word, so a duration may come first; targetOf decides once every word is read.
      if (draft.selector) return setDuration(draft, seconds, word, limits);
      if (draft.leadingDuration === undefined) {
        draft.leadingDuration = word;
        return;
      }
      refuse(leadingDurationProblem(draft.leadingDuration));
    }
    draft.first = word;
    if (/^[A-Za-z]+\//.test(word)) {
      const named = valueOf(readTargetWord(word));
      if ('target' in named) draft.target = named.target;
      else {
        draft.pod = named.pod;
        draft.exactPod = true;
      }
      return;
    }
    const problem = kubeNameProblem('pod', word);
    if (problem) refuseName('pod', word, problem, word, (lower) => lower);
    draft.pod = word;
    return;
  }
  if (seconds === undefined) refuse(unexpectedWord(word, draft.first, draft.namespace));
  setDuration(draft, seconds, word, limits);
}

// Pod names like `30s` or `120` are legal, but a forgotten pod is far likelier.
function leadingDurationProblem(word: string): string {
  return `${showToken(word)} looks like a duration, not a pod name: give the pod's name first.`;
}

/** The pod, or the wider target, once every word is read: one of a pod, `KIND/NAME` or `-l`. */
function targetOf(draft: Draft, limits: CaptureLimits): { pod: string; target?: CaptureTarget } {
  if (draft.leadingDuration !== undefined) {
    if (!draft.selector) refuse(leadingDurationProblem(draft.leadingDuration));
    setDuration(draft, parseDurationSeconds(draft.leadingDuration) ?? 0, draft.leadingDuration, limits);
  }
  if (draft.selector) {
    if (draft.first !== undefined) refuse(`Give ${showToken(draft.first)} or ${showToken(draft.selector.as)}, not both: \`-l\` picks the pods by their labels.`);
    const target: CaptureTarget = { kind: 'selector', selector: draft.selector.value };
    return { pod: targetSubject(target), target };
  }
  if (draft.target) {
    if (draft.target.kind === 'node' && draft.namespace) {
      refuse(`${showToken(draft.first ?? '')} captures every pod on the node, whatever its namespace: leave out ${showToken(draft.namespace.as)}.`);
    }
    if (draft.target.kind === 'node' && draft.container) {
      refuse(`${showToken(draft.first ?? '')} captures the whole node: ${showToken(draft.container.as)} narrows a pod capture to one container; leave it out.`);
    }
    return { pod: targetSubject(draft.target), target: draft.target };
  }
  if (draft.pod === undefined) refuse("Which pod? Give the pod's name first, e.g. `/capture my-pod-7d4b9c-x2x9z -n my-namespace 30s` (or `deploy/NAME`, `-l app=NAME`, `node/NAME`).");
  return { pod: draft.pod };
}

function readCapture(words: readonly string[], filterText: string | undefined, limits: CaptureLimits, defaults: ChannelDefaults): CaptureSpec {
  const draft: Draft = {};
  for (let index = 0; index < words.length; ) {
    const word = words[index] ?? '';
    if (startsWithDash(word)) {
      index += readOption(draft, words, index, limits);
    } else {
      readWord(draft, word, limits);
      index += 1;
    }
  }
  const target = targetOf(draft, limits);
  const filter = filterText === undefined ? undefined : valueOf(readFilter(filterText));
  const cluster = draft.cluster?.value ?? defaults.cluster;
  return {
    pod: target.pod,
    ...(target.target && { target: target.target }),
    namespace: target.target?.kind === 'node' ? NODE_CAPTURE_NAMESPACE : (draft.namespace?.value ?? defaults.namespace ?? DEFAULT_NAMESPACE),
    durationSeconds: draft.duration?.value ?? defaultDurationSeconds(limits),
    snaplen: draft.snaplen?.value ?? DEFAULT_SNAPLEN,
    driver: draft.driver?.value ?? (draft.ebpf ? 'ebpf' : limits.defaultDriver),
    ...(filter !== undefined && { filter }),
    ...(draft.exactPod && !target.target && { exactPod: true as const }),
    ...(draft.container && { container: draft.container.value }),
    ...(cluster !== undefined && { cluster }),
  };
}

/**
 * Parses the text of `/capture …` exactly as Slack sends it (decodeSlackText
 * runs first). The corner cases, as decided:
 * - Help: empty text, `help` as the first word (any case), `-h`/`--help` anywhere before `--`.
 * - Options come in any order, also before the pod, each at most once counting all
 *   its spellings. A value is the next word or follows `=` (`--namespace=prod`, `-n=prod`);
 *   a next word starting with `-` is not taken as a value; a flag refuses `=value`.
 * - The first other word is the pod (one that looks like a duration is refused: a
 *   forgotten pod is likelier than a pod named `30s`); the second can only be the
 *   DURATION. DURATION and `-M` are one setting, so both count as given twice.
 * - `--ebpf` means `--driver ebpf` and conflicts with any other `--driver`.
 * - The default duration is clamped into the limits; see option-values.ts for values
 *   and sysdig-filter.ts for what follows `--`.
 * - The first problem from the left is the one reported.
 * - `defaults`: the channel's namespace and cluster (the policy's `channels:`), for a command that names neither.
 */
export function parseCaptureCommand(text: string, limits: CaptureLimits, defaults: ChannelDefaults = {}): ParsedCommand {
  const { words, filterText } = splitCommand(decodeSlackText(text));
  if (words.length === 0 && filterText === undefined) return { kind: 'help' };
  // A pod named `cancel`, `status`, `list` or `policy` can still be captured: give an option first (`/capture -n ns cancel`).
  if (words[0] === 'cancel' || words[0] === 'status' || words[0] === 'list') return readHistoryCommand(words[0], words.slice(1), filterText);
  if (words[0] === 'policy') return readPolicyCommand(words.slice(1), filterText);
  if (words[0]?.toLowerCase() === 'help') return helpCommand(words[1]);
  if (words.some((word) => findOption(word)?.key === 'help')) return { kind: 'help' };
  const first = readOrProblem(words, filterText, limits, defaults);
  if (!(first instanceof CommandProblem)) return { kind: 'capture', spec: first };
  const corrected = correctedCommand(words, filterText, limits, first.fix, defaults);
  return { kind: 'invalid', problem: first.message, ...(corrected !== undefined && { corrected }) };
}

/** `cancel`, `status` and `list`, each with an optional `--cluster NAME` anywhere among its words. */
function readHistoryCommand(verb: 'cancel' | 'status' | 'list', words: readonly string[], filterText: string | undefined): ParsedCommand {
  const taken = takeClusterOption(words);
  if ('problem' in taken) return { kind: 'invalid', problem: taken.problem };
  const read = verb === 'cancel' ? readCancelCommand(taken.words, filterText) : verb === 'status' ? readStatusCommand(taken.words, filterText) : readListCommand(taken.words, filterText);
  return read.kind === 'invalid' || taken.cluster === undefined ? read : { ...read, cluster: taken.cluster };
}

function helpCommand(word: string | undefined): ParsedCommand {
  if (word === undefined) return { kind: 'help' };
  const topic = word.toLowerCase();
  return isHelpTopic(topic) ? { kind: 'help', topic } : { kind: 'help', unknownTopic: word };
}

function readOrProblem(words: readonly string[], filterText: string | undefined, limits: CaptureLimits, defaults: ChannelDefaults): CaptureSpec | CommandProblem {
  try {
    return readCapture(words, filterText, limits, defaults);
  } catch (error) {
    if (error instanceof CommandProblem) return error;
    throw error;
  }
}

/** A command that also has a second or third fixable mistake gets them all fixed; one without a fix gets no correction. */
const MAX_FIXES = 4;

/** The command with each fix applied, if that gives one the grammar accepts. */
function correctedCommand(
  words: readonly string[],
  filterText: string | undefined,
  limits: CaptureLimits,
  fix: CommandFix | undefined,
  defaults: ChannelDefaults,
): string | undefined {
  let current: readonly string[] = words;
  let next = fix;
  for (let round = 0; round < MAX_FIXES && next !== undefined; round += 1) {
    const fixed = applyFix(current, next);
    if (fixed === undefined) return undefined;
    current = fixed;
    const outcome = readOrProblem(current, filterText, limits, defaults);
    if (!(outcome instanceof CommandProblem)) return commandFrom(current, filterText);
    next = outcome.fix;
  }
  return undefined;
}
