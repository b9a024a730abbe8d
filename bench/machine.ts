import { cpus, freemem, loadavg, release, totalmem } from 'node:os';

/** The facts a reader needs to compare a run with their own. */
export interface MachineFacts {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly kernel: string;
  /** 1, 5 and 15 minute load averages when the measured run started. */
  readonly loadAverage: readonly [number, number, number];
  readonly freeMemoryGiB: number;
}

const round = (value: number, places = 2): number => Number(value.toFixed(places));

export function machineFacts(): MachineFacts {
  const list = cpus();
  const [one, five, fifteen] = loadavg();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    kernel: release(),
    loadAverage: [round(one ?? 0), round(five ?? 0), round(fifteen ?? 0)],
    freeMemoryGiB: round(freemem() / 2 ** 30, 1),
  };
}
