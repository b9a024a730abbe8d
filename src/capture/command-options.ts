import type { CommandFix } from './command-fix.js';
import { DRIVER_CHOICES } from './option-values.js';
import { showToken } from './show-token.js';

export type OptionKey = 'namespace' | 'cluster' | 'selector' | 'container' | 'seconds' | 'snaplen' | 'driver' | 'ebpf' | 'help';

export interface CommandOption {
  readonly key: OptionKey;
  /** Every spelling; `-ns`, `-M`, `--snaplen` and `--ebpf` mean what they mean to `kubectl capture`. */
  readonly names: readonly string[];
  /** What must follow the option, for "needs …" messages; absent for flags. */
  readonly value?: string;
}

/** The whole grammar: anything else that starts with `-` is refused. */
export const COMMAND_OPTIONS: readonly CommandOption[] = [
  { key: 'namespace', names: ['-n', '-ns', '--namespace'], value: 'a namespace' },
  { key: 'cluster', names: ['--cluster'], value: 'a cluster name' },
  { key: 'selector', names: ['-l', '--selector'], value: 'a label selector' },
  { key: 'container', names: ['-c', '--container'], value: "a container's name" },
  { key: 'seconds', names: ['-M'], value: 'a number of seconds' },
  { key: 'snaplen', names: ['-s', '--snaplen'], value: 'a number of bytes' },
  { key: 'driver', names: ['--driver'], value: `a driver (${DRIVER_CHOICES})` },
  { key: 'ebpf', names: ['--ebpf'] },
  { key: 'help', names: ['-h', '--help'] },
];

export function findOption(name: string): CommandOption | undefined {
  return COMMAND_OPTIONS.find((option) => option.names.includes(name));
}

const NOT_PASSED_THROUGH = "sysdig's own options are not passed through, only a filter after `--`";

/** What to say about options people bring from sysdig. */
const HINTS: Readonly<Record<string, string>> = {
  '-w': 'the bot writes the trace file itself and posts a link to it',
  '--write': 'the bot writes the trace file itself and posts a link to it',
  '-r': '/capture records live; open the trace it posts with `sysdig -r` yourself',
  '--read': '/capture records live; open the trace it posts with `sysdig -r` yourself',
  '--chisel': 'chisels are not run by /capture; run them on the trace it posts (`sysdig -r FILE -c topconns`)',
  '-z': 'traces are always compressed',
  '--compress': 'traces are always compressed',
  '-B': 'write `--driver ebpf`',
  '--bpf': 'write `--driver ebpf`',
  '--modern-bpf': 'write `--driver modern-bpf`',
  '--kmod': 'write `--driver kmod`',
  '-d': 'write the duration as `30s`, or `-M 30`',
  '--duration': 'write the duration as `30s`, or `-M 30`',
};

/** How to write what these sysdig options ask for in /capture; '' drops a word that is not needed. */
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '-B': '--driver ebpf',
  '--bpf': '--driver ebpf',
  '--modern-bpf': '--driver modern-bpf',
  '--kmod': '--driver kmod',
  '-z': '',
  '--compress': '',
  '-d': '',
  '--duration': '',
};

/** The fix for an unknown option as typed in `word` (`-m 30`, `--Namespace=shop`), when there is one. */
export function unknownOptionFix(name: string, word: string): CommandFix | undefined {
  const sameLetters = COMMAND_OPTIONS.flatMap((option) => option.names).find((known) => known.toLowerCase() === name.toLowerCase());
  if (sameLetters) return { from: word, to: `${sameLetters}${word.slice(name.length)}` };
  const replacement = REPLACEMENTS[name];
  return replacement === undefined || word !== name ? undefined : { from: word, to: replacement };
}

/** Why an option-looking word is refused, naming it, with a hint where one helps. */
export function unknownOptionProblem(name: string): string {
  const sameLetters = COMMAND_OPTIONS.flatMap((option) => option.names).find(
    (known) => known.toLowerCase() === name.toLowerCase(),
  );
  const hint = sameLetters ? `did you mean ${showToken(sameLetters)}?` : (HINTS[name] ?? NOT_PASSED_THROUGH);
  return `${showToken(name)} is not a /capture option: ${hint}${hint.endsWith('?') ? '' : '.'}`;
}
