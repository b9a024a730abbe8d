import { Job, type Queue } from 'bullmq';
import { captureJobSchema } from '../capture/capture-job.js';
import { progressOf, type FinalStatus } from '../capture/capture-progress.js';
import type { JobLookup, JobStanding, UnreportedFailure } from '../worker/janitor-ports.js';

const RECENT_FAILURES = 100;
const STALLED_OUT = /stalled/i;

/** The janitor's view of capture jobs, read from the BullMQ capture queue. */
export class BullmqJobLookup implements JobLookup {
  constructor(private readonly captures: Queue) {}

  async standing(captureId: string): Promise<JobStanding> {
    const job = await Job.fromId(this.captures, captureId);
    if (!job) return { state: 'unknown' };
    const state = await job.getState();
    if (state === 'unknown') return { state: 'unknown' };
    const parsed = captureJobSchema.safeParse(job.data);
    return { state, job: parsed.success ? parsed.data : undefined, progress: progressOf(job.data), failedReason: job.failedReason || undefined };
  }

  async unreportedFailures(): Promise<UnreportedFailure[]> {
    const failed = await this.captures.getFailed(0, RECENT_FAILURES - 1);
    return failed.flatMap((job) => {
      if (!STALLED_OUT.test(job.failedReason ?? '') || progressOf(job.data).finalStatus) return [];
      const parsed = captureJobSchema.safeParse(job.data);
      return parsed.success ? [{ job: parsed.data, failedReason: job.failedReason }] : [];
    });
  }

  async recordShown(captureId: string, status: FinalStatus): Promise<void> {
    const job = await Job.fromId(this.captures, captureId);
    if (!job) return;
    await job.updateData({ ...(job.data as object), progress: { ...progressOf(job.data), finalStatus: status } });
  }
}
