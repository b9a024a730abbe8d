import { parseChiselTable } from './chisel-table.js';

export interface ProcessIo {
  readonly name: string;
  readonly pid: number;
  readonly networkBytes: number;
  readonly fileBytes: number;
}

/** The `proc-io` table (process, pid, fd type → bytes read and written), one record per process. */
export function parseProcIo(text: string): ProcessIo[] {
  const byProcess = new Map<string, { name: string; pid: number; networkBytes: number; fileBytes: number }>();
  for (const { keys, value } of parseChiselTable(text, 3)) {
    const [name = '', pid = '', fdType = ''] = keys;
    const key = `${pid}|${name}`;
    const entry = byProcess.get(key) ?? { name, pid: Number(pid), networkBytes: 0, fileBytes: 0 };
    if (fdType === 'file') entry.fileBytes += value;
    else entry.networkBytes += value;
    byProcess.set(key, entry);
  }
  return [...byProcess.values()].sort((a, b) => b.networkBytes + b.fileBytes - (a.networkBytes + a.fileBytes));
}
