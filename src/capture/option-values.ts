import type { CommandFix } from './command-fix.js';
import { DEFAULT_DURATION_SECONDS } from './capture-spec.js';
import type { CaptureLimits } from './capture-spec.js';
import { DRIVERS, isDriver, type Driver } from './driver.js';
import { formatDuration, parseDurationSeconds } from './duration.js';
import { showToken } from './show-token.js';
import type { ValueReading } from './value-reading.js';

const WHOLE_NUMBER = /^\d+$/;

/** `modern-bpf, ebpf or kmod` */
export const DRIVER_CHOICES = `${DRIVERS.slice(0, -1).join(', ')} or ${DRIVERS.at(-1)}`;

/** Seconds, from `-M` or a DURATION word, checked against the limits. `as` is how the command wrote it. */
export function boundedDuration(seconds: number, as: string, limits: CaptureLimits): ValueReading<number> {
  if (seconds < limits.minDurationSeconds) {
    return { problem: `The duration ${showToken(as)} is shorter than the minimum of ${formatDuration(limits.minDurationSeconds)}.`, fix: durationFix(as, limits.minDurationSeconds) };
  }
  if (seconds > limits.maxDurationSeconds) {
    return { problem: `The duration ${showToken(as)} is longer than the limit of ${formatDuration(limits.maxDurationSeconds)}.`, fix: durationFix(as, limits.maxDurationSeconds) };
  }
  return { value: seconds };
}

/** `10m` → `5m`, `-M 600` → `-M 300`: the same spelling, at the limit. */
function durationFix(as: string, seconds: number): CommandFix {
  return { from: as, to: as.startsWith('-M') ? `-M ${seconds}` : formatDuration(seconds) };
}

/** The default duration, moved inside limits that leave it out. */
export function defaultDurationSeconds(limits: CaptureLimits): number {
  return Math.min(Math.max(DEFAULT_DURATION_SECONDS, limits.minDurationSeconds), limits.maxDurationSeconds);
}

/** `-M` takes whole seconds only, as in sysdig and `kubectl capture`; units belong to the DURATION word. */
export function readSeconds(text: string, limits: CaptureLimits): ValueReading<number> {
  if (!WHOLE_NUMBER.test(text)) {
    const problem =
      parseDurationSeconds(text) === undefined
        ? `\`-M\` takes a whole number of seconds (e.g. \`-M 90\`), not ${showToken(text)}.`
        : `\`-M\` takes a whole number of seconds, not ${showToken(text)}: write ${showToken(text)} on its own, without \`-M\`.`;
    return parseDurationSeconds(text) === undefined ? { problem } : { problem, fix: { from: `-M ${text}`, to: text } };
  }
  return boundedDuration(Number(text), `-M ${text}`, limits);
}

/** Bytes kept of each I/O buffer. 0 means "sysdig's default" to sysdig; here it is refused, to be clear. */
export function readSnaplen(text: string, limits: CaptureLimits): ValueReading<number> {
  const bytes = Number(text);
  if (!WHOLE_NUMBER.test(text)) {
    return { problem: `The snaplen must be a whole number of bytes, not ${showToken(text)}.` };
  }
  if (bytes === 0) {
    return { problem: `The snaplen ${showToken(text)} is too small: give at least 1 byte, or leave \`-s\` out for the default.` };
  }
  if (bytes > limits.maxSnaplen) {
    return { problem: `The snaplen ${showToken(text)} is over the limit of ${limits.maxSnaplen} bytes.`, fix: { from: text, to: String(limits.maxSnaplen) } };
  }
  return { value: bytes };
}

/** `--driver` values; case does not matter (`eBPF`). */
export function readDriver(text: string): ValueReading<Driver> {
  const driver = text.toLowerCase();
  if (!isDriver(driver)) return { problem: `${showToken(text)} is not a capture driver: choose ${DRIVER_CHOICES}.` };
  return { value: driver };
}
