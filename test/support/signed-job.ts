import { captureJobSchema, type CaptureJob } from '../../src/capture/capture-job.js';
import { signJob } from '../../src/capture/job-signature.js';
import { Secret } from '../../src/secret.js';
import { signedPart } from '../../src/worker/job-admission.js';
import { TEST_JOB_SIGNING_KEY } from './capturebot-harness.js';

/** A job as the bot of a test world queues it: signed with that world's key, valid for an hour. */
export function signedJob(job: CaptureJob): CaptureJob {
  const parsed = captureJobSchema.parse(job);
  return { ...parsed, signature: signJob([new Secret(TEST_JOB_SIGNING_KEY)], 'capture', signedPart(parsed), new Date(), 3_600_000) };
}
