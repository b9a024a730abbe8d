import type { CaptureJob } from '../capture/capture-job.js';
import { code } from './mrkdwn.js';

/** What a capture records, in words: `pod `web-1` in namespace `shop``. */
export function targetText(job: Pick<CaptureJob, 'pod' | 'namespace'>): string {
  return `pod ${code(job.pod)} in namespace ${code(job.namespace)}`;
}
