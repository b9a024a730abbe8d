import type { CapturePodRecord, JobStanding } from './janitor-ports.js';

/** Past its deadline by this much, a pod whose job still looks alive is taken as stuck. */
export const DEADLINE_GRACE_SECONDS = 60;

export type JanitorVerdict = { readonly remove: false } | { readonly remove: true; readonly why: string };

const KEEP: JanitorVerdict = { remove: false };

/**
 * Whether the janitor deletes a capture pod: yes when its job has finished,
 * failed or is unknown to the queue, or when it is past its deadline; never a
 * pod already being deleted, nor one whose job waits or runs in time (a
 * resumed job re-attaches to it). Pure: the janitor gathers the facts.
 */
export function janitorVerdict(pod: CapturePodRecord, state: JobStanding['state'], now: Date): JanitorVerdict {
  if (pod.terminating) return KEEP;
  switch (state) {
    case 'completed':
      return { remove: true, why: 'its capture had finished' };
    case 'failed':
      return { remove: true, why: 'its capture had failed' };
    case 'unknown':
      return { remove: true, why: 'no capture job knows it any more' };
    default:
      break;
  }
  if (pod.deadlineSeconds !== undefined) {
    const overdueMs = now.getTime() - pod.createdAt.getTime() - (pod.deadlineSeconds + DEADLINE_GRACE_SECONDS) * 1000;
    if (overdueMs > 0) return { remove: true, why: `it ran past its deadline of ${pod.deadlineSeconds}s` };
  }
  return KEEP;
}
