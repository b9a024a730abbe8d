import { readFileSync } from 'node:fs';

/** A field of /proc/PID/status in kB (VmRSS: resident now, VmHWM: the peak so far); NaN once the process is gone. */
export function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export const kbToMB = (kb: number): number => (kb * 1024) / 1e6;

export interface RssSample {
  readonly at: number;
  readonly kb: number;
}

/** Samples a process's VmRSS every intervalMs until stopped. */
export class RssSampler {
  readonly samples: RssSample[] = [];
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly pid: number,
    intervalMs = 20,
  ) {
    this.#take();
    this.#timer = setInterval(() => this.#take(), intervalMs);
  }

  #take(): void {
    const kb = procStatusKb(this.pid, 'VmRSS');
    if (!Number.isNaN(kb)) this.samples.push({ at: Date.now(), kb });
  }

  /** Samples taken in [from, to] (ms since the epoch). */
  between(from: number, to = Date.now()): number[] {
    this.#take();
    return this.samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.kb);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
