import { ChiselOutputError, parseChiselTable } from './chisel-table.js';
import type { ConnectionTuple } from './socket-address.js';
import { parseTuple } from './socket-address.js';

export interface ConnectionBytes {
  readonly protocol: string;
  /** sysdig's name, e.g. `10.40.2.9:51234->10.40.1.6:80`. */
  readonly name: string;
  readonly tuple?: ConnectionTuple;
  /** Bytes read and written on it, by every process that used it. */
  readonly bytes: number;
  readonly processes: readonly { readonly name: string; readonly pid: number; readonly bytes: number }[];
}

/**
 * The `conns` table (topconns split by process), one record per connection,
 * biggest first. A connection seen from both ends counts the bytes of both,
 * as topconns does.
 */
export function parseConns(text: string): ConnectionBytes[] {
  const byName = new Map<string, { protocol: string; name: string; bytes: number; processes: { name: string; pid: number; bytes: number }[] }>();
  for (const { keys, value } of parseChiselTable(text, 4)) {
    const [protocol = '', name = '', processName = '', pid = ''] = keys;
    if (name === '') throw new ChiselOutputError('connection row without a name');
    const entry = byName.get(name) ?? { protocol, name, bytes: 0, processes: [] };
    entry.bytes += value;
    entry.processes.push({ name: processName, pid: Number(pid), bytes: value });
    byName.set(name, entry);
  }
  return [...byName.values()]
    .map((entry) => {
      const tuple = parseTuple(entry.name);
      return { ...entry, ...(tuple ? { tuple } : {}), processes: entry.processes.sort((a, b) => b.bytes - a.bytes) };
    })
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
}
