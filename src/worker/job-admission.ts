import { captureJobSchema, type CaptureJob } from '../capture/capture-job.js';
import { clusterOf, DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import { progressOf } from '../capture/capture-progress.js';
import { verifyJob } from '../capture/job-signature.js';
import type { Secret } from '../secret.js';
import { hardLimitRefusal, type WorkerHardLimits } from './hard-limits.js';

/** What a worker checks a capture job against before it does anything. */
export interface JobAdmissionRules {
  /** JOB_SIGNING_KEY: any of them may have signed the job. */
  readonly keys: readonly Secret[];
  readonly limits: WorkerHardLimits;
  /** CLUSTER_NAME: the only cluster whose jobs this worker runs (unset: default). */
  readonly cluster?: string;
}

export type JobAdmission =
  | { readonly admitted: true; readonly job: CaptureJob }
  /** signed: the job is the bot's own (its channel and status message can be trusted), refused as expired or past this worker's limits. */
  | { readonly admitted: false; readonly reason: string; readonly job?: CaptureJob; readonly signed: boolean };

/** The signed data: the job as parsed, without its signature (and without progress, which the worker writes). */
export function signedPart(job: CaptureJob): Omit<CaptureJob, 'signature'> {
  const { signature: _signature, ...rest } = job;
  return rest;
}

/**
 * Whether the worker may run this job: well-formed, signed by the bot with a
 * key it holds, before its deadline (a job whose capture pod an earlier attempt
 * made is resumed past it), for this worker's cluster, and within this
 * worker's own hard limits.
 */
export function admitCaptureJob(data: unknown, rules: JobAdmissionRules, now: Date): JobAdmission {
  const parsed = captureJobSchema.safeParse(data);
  if (!parsed.success) return { admitted: false, reason: `invalid capture job data: ${parsed.error.issues[0]?.message ?? 'unknown'}`, signed: false };
  const job = parsed.data;
  const resuming = progressOf(data).podCreated === true;
  const check = verifyJob(rules.keys, 'capture', signedPart(job), job.signature, now, !resuming);
  if (!check.ok) return { admitted: false, reason: check.reason, job, signed: check.authentic };
  const own = rules.cluster ?? DEFAULT_CLUSTER;
  // The cluster is signed, so a job for another cluster was queued there by the bot and moved in Redis.
  if (clusterOf(job) !== own) return { admitted: false, reason: `the job is for cluster ${clusterOf(job)}, and this worker serves cluster ${own}`, job, signed: true };
  const refusal = hardLimitRefusal(job, rules.limits);
  if (refusal) return { admitted: false, reason: refusal, job, signed: true };
  return { admitted: true, job };
}
