import type { V1EnvVar } from '@kubernetes/client-node';
import type { CapturePodJob } from '../capture/capture-job.js';
import { traceFileName } from '../capture/names.js';

export const SYSDIG_BINARY = '/usr/bin/sysdig';
/** Where the `captures` emptyDir is mounted in both containers. */
export const CAPTURES_MOUNT_PATH = '/captures';

type CommandJob = Pick<CapturePodJob, 'captureId' | 'pod' | 'namespace' | 'requestedAt' | 'durationSeconds' | 'snaplen' | 'driver' | 'filter' | 'part'>;

/** The trace's path inside the capture pod. */
export function tracePathInPod(job: Pick<CapturePodJob, 'captureId' | 'pod' | 'namespace' | 'requestedAt' | 'part'>): string {
  return `${CAPTURES_MOUNT_PATH}/${traceFileName(job)}`;
}

/** How the capture container starts: `command` unset keeps the image's driver-loading entrypoint. */
export interface CaptureCommand {
  readonly command?: string[];
  readonly args: string[];
  readonly env?: V1EnvVar[];
}

/**
 * sysdig's argv. The filter is one element after `--`, so text that looks like
 * an option (`-w /elsewhere`) is still read as filter text, never as a flag.
 */
export function sysdigArgs(job: CommandJob): string[] {
  const args = ['-M', String(job.durationSeconds), '-z', '-s', String(job.snaplen), '-w', tracePathInPod(job)];
  return job.filter === undefined ? args : [...args, '--', job.filter];
}

export function captureCommand(job: CommandJob): CaptureCommand {
  switch (job.driver) {
    case 'modern-bpf':
      // The probe is built into sysdig: no loader, so skip the entrypoint.
      return { command: [SYSDIG_BINARY], args: ['--modern-bpf', ...sysdigArgs(job)] };
    case 'kmod':
      return { args: [SYSDIG_BINARY, ...sysdigArgs(job)] };
    case 'ebpf':
      // The image's loader fetches or builds the classic probe when this is set, even empty.
      return { args: [SYSDIG_BINARY, ...sysdigArgs(job)], env: [{ name: 'SYSDIG_BPF_PROBE', value: '' }] };
  }
}
