import path from 'node:path';

/** What a container's sysdig command line asks for. */
export interface SysdigInvocation {
  /** `-M N`: stop after N seconds; undefined = run until stopped. */
  readonly seconds?: number;
  /** `-w PATH`: the trace file inside the container. */
  readonly writePath?: string;
}

interface ContainerCommand {
  readonly command?: readonly string[];
  readonly args?: readonly string[];
}

function optionValue(args: readonly string[], i: number, short: string, long?: string): string | undefined {
  const arg = args[i] ?? '';
  if (arg === short || (long !== undefined && arg === long)) return args[i + 1];
  if (long !== undefined && arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
  if (arg.startsWith(short) && !arg.startsWith('--') && arg.length > short.length) return arg.slice(short.length);
  return undefined;
}

/**
 * The sysdig invocation in a container's command and args, if there is one:
 * an argv element named `sysdig` (`sysdig`, `/usr/bin/sysdig`), then its options up to `--`.
 */
export function findSysdigInvocation(container: ContainerCommand): SysdigInvocation | undefined {
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  const at = argv.findIndex((a) => path.posix.basename(a) === 'sysdig');
  if (at < 0) return undefined;
  const rest = argv.slice(at + 1);
  const end = rest.indexOf('--');
  const options = end < 0 ? rest : rest.slice(0, end);
  let seconds: number | undefined;
  let writePath: string | undefined;
  for (let i = 0; i < options.length; i += 1) {
    const m = optionValue(options, i, '-M');
    if (m !== undefined && /^\d+$/.test(m)) seconds = Number(m);
    const w = optionValue(options, i, '-w', '--write');
    if (w !== undefined) writePath = w;
  }
  return { ...(seconds !== undefined ? { seconds } : {}), ...(writePath !== undefined ? { writePath } : {}) };
}
