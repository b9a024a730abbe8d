import { parseChiselTable } from './chisel-table.js';

export interface SyscallErrors {
  readonly syscall: string;
  /** As sysdig names it: `ENOENT`, `ECONNREFUSED`. */
  readonly errno: string;
  readonly count: number;
  readonly processes: readonly { readonly name: string; readonly count: number }[];
}

export interface FileErrors {
  /** The file's path; for a unix socket, the path it was bound to. */
  readonly path: string;
  readonly count: number;
  readonly failures: readonly { readonly syscall: string; readonly errno: string; readonly count: number }[];
}

/** The `syscall-errors` table (syscall, errno, process → count), grouped by syscall and errno, most first. */
export function parseSyscallErrors(text: string): SyscallErrors[] {
  const groups = new Map<string, { syscall: string; errno: string; count: number; processes: { name: string; count: number }[] }>();
  for (const { keys, value } of parseChiselTable(text, 3)) {
    const [syscall = '', errno = '', process = ''] = keys;
    const key = `${syscall}|${errno}`;
    const group = groups.get(key) ?? { syscall, errno, count: 0, processes: [] };
    group.count += value;
    group.processes.push({ name: process, count: value });
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group) => ({ ...group, processes: group.processes.sort((a, b) => b.count - a.count) }))
    .sort((a, b) => b.count - a.count || a.syscall.localeCompare(b.syscall));
}

/** The `file-errors` table (fd name, syscall, errno → count), grouped by path, most first. */
export function parseFileErrors(text: string): FileErrors[] {
  const groups = new Map<string, { path: string; count: number; failures: { syscall: string; errno: string; count: number }[] }>();
  for (const { keys, value } of parseChiselTable(text, 3)) {
    const [name = '', syscall = '', errno = ''] = keys;
    const path = unixSocketPath(name) ?? name;
    const group = groups.get(path) ?? { path, count: 0, failures: [] };
    group.count += value;
    group.failures.push({ syscall, errno, count: value });
    groups.set(path, group);
  }
  return [...groups.values()]
    .map((group) => ({ ...group, failures: group.failures.sort((a, b) => b.count - a.count) }))
    .sort((a, b) => b.count - a.count || a.path.localeCompare(b.path));
}

/** sysdig names a unix socket `<addr>-><peer addr> <path>`. */
function unixSocketPath(name: string): string | undefined {
  return /^[0-9a-fx]+->[0-9a-fx]+ (\/.*)$/.exec(name)?.[1];
}
