import { ChiselOutputError } from './chisel-table.js';

export interface ProcessCpu {
  readonly name: string;
  readonly pid: number;
  /** Share of one CPU over the capture, as topprocs_cpu prints it. */
  readonly cpuPercent: number;
}

const HEADER = /^CPU%\s+Process\s+PID\s*$/;
const COLUMN = 20;

/**
 * topprocs_cpu's table: fixed 20-character columns (CPU%, process name, PID),
 * under a header and a dashed rule. Process names may hold spaces.
 */
export function parseTopProcsCpu(text: string): ProcessCpu[] {
  const lines = text.split('\n');
  const header = lines.findIndex((line) => HEADER.test(line));
  if (header === -1 || !/^-+$/.test(lines[header + 1] ?? '')) {
    throw new ChiselOutputError(`not topprocs_cpu output: ${(lines[0] ?? '').slice(0, 80)}`);
  }
  return lines.slice(header + 2).filter((line) => line.trim() !== '').map((line) => {
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(line.slice(0, COLUMN).trim());
    const name = line.slice(COLUMN, 2 * COLUMN).trimEnd();
    const pid = Number(line.slice(2 * COLUMN).trim());
    if (!percent || name === '' || !Number.isInteger(pid)) throw new ChiselOutputError(`unexpected topprocs_cpu line: ${line.slice(0, 80)}`);
    return { name, pid, cpuPercent: Number(percent[1]) };
  });
}
