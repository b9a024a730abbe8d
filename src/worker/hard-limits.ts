import type { CaptureJob } from '../capture/capture-job.js';
import type { Driver } from '../capture/driver.js';

/** What a worker runs whatever a job says: its own settings, not the bot's word. */
export interface WorkerHardLimits {
  /** MAX_DURATION, in seconds. */
  readonly maxDurationSeconds: number;
  /** MAX_SNAPLEN, in bytes. */
  readonly maxSnaplen: number;
  /** CAPTURE_DRIVERS. */
  readonly drivers: readonly Driver[];
  /** CAPTURE_NAMESPACE: where this worker's privileged capture pods live. */
  readonly captureNamespace: string;
}

/** Why this worker will not run the job, or undefined when it is within its limits. */
export function hardLimitRefusal(job: Pick<CaptureJob, 'durationSeconds' | 'snaplen' | 'driver' | 'namespace'>, limits: WorkerHardLimits): string | undefined {
  if (job.durationSeconds > limits.maxDurationSeconds) {
    return `the job asks for ${job.durationSeconds}s, longer than this worker's MAX_DURATION of ${limits.maxDurationSeconds}s`;
  }
  if (job.snaplen > limits.maxSnaplen) return `the job asks for snaplen ${job.snaplen}, more than this worker's MAX_SNAPLEN of ${limits.maxSnaplen}`;
  if (!limits.drivers.includes(job.driver)) return `the job asks for driver ${job.driver}, which this worker does not run (CAPTURE_DRIVERS is ${limits.drivers.join(', ')})`;
  // The capture namespace holds only capturebot's privileged pods: capturing them would trace other captures' host access.
  if (job.namespace === limits.captureNamespace) return `the job targets ${limits.captureNamespace}, this worker's own capture namespace, which is never captured`;
  return undefined;
}
