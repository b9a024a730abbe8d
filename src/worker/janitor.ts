import type { Logger } from 'pino';
import type { FinalStatus } from '../capture/capture-progress.js';
import type { CapturePodReaper, JanitorNotifier, JobLookup } from './janitor-ports.js';
import { janitorVerdict } from './janitor-verdict.js';
import type { ProgressNotifier } from './ports.js';

export interface JanitorDeps {
  readonly reaper: CapturePodReaper;
  readonly jobs: JobLookup;
  readonly notifier: JanitorNotifier;
  readonly progress: Pick<ProgressNotifier, 'status'>;
  readonly log: Logger;
  readonly now?: () => Date;
  /**
   * Whether a live worker still runs the capture: one whose job Redis lost (a
   * restart without persistence) is finished by its worker, not reaped.
   */
  readonly held?: (captureId: string) => Promise<boolean>;
}

export interface JanitorPass {
  readonly checked: number;
  /** Names of the capture pods deleted. */
  readonly removed: readonly string[];
  /** Names of the capture pods that were gone by the time the janitor deleted them. */
  readonly alreadyGone: readonly string[];
  /** Capture ids of failed jobs whose status message was put right. */
  readonly reported: readonly string[];
}

/** What the channel is told about a capture its workers gave up on. */
export function abandonedStatus(failedReason: string): FinalStatus {
  const why = /stalled/i.test(failedReason) ? 'the workers running it stopped repeatedly' : failedReason;
  return { stage: 'failed', reason: `the capture was given up: ${why}. Run it again if you still need it` };
}

/**
 * One janitor pass: deletes the capture pods left behind (janitorVerdict says
 * which), each by the name it was listed under, and says so on each one's
 * status message (or that it was already gone), then puts right the status
 * messages of jobs that failed without anyone telling the channel.
 */
export async function runJanitorPass(deps: JanitorDeps): Promise<JanitorPass> {
  const now = deps.now ?? (() => new Date());
  const pods = await deps.reaper.listCapturePods();
  const removed: string[] = [];
  const alreadyGone: string[] = [];
  // A capture over several nodes leaves one pod per node: look its job up once.
  const standings = new Map<string, ReturnType<JanitorDeps['jobs']['standing']>>();
  for (const pod of pods) {
    const lookup = standings.get(pod.captureId) ?? deps.jobs.standing(pod.captureId);
    standings.set(pod.captureId, lookup);
    const standing = await lookup;
    if (standing.state === 'unknown' && (await deps.held?.(pod.captureId))) continue;
    const verdict = janitorVerdict(pod, standing.state, now());
    if (!verdict.remove) continue;
    const deletion = await deps.reaper.deleteListedPod(pod);
    (deletion === 'deleted' ? removed : alreadyGone).push(pod.name);
    deps.log.info(
      { captureId: pod.captureId, pod: pod.name, node: pod.node, why: verdict.why },
      deletion === 'deleted' ? 'janitor deleted a capture pod left behind' : 'janitor found a capture pod left behind already gone',
    );
    const job = standing.state === 'unknown' ? undefined : standing.job;
    const channel = job?.channel ?? pod.channel;
    const statusTs = job?.statusTs ?? pod.statusTs;
    if (!channel || !statusTs) continue;
    await deps.notifier
      .podRemoved({ captureId: pod.captureId, channel, statusTs, why: verdict.why, podName: pod.name, deletion, standing })
      .catch((error: unknown) => deps.log.warn({ err: error, captureId: pod.captureId }, 'janitor could not update the status message'));
  }
  const reported: string[] = [];
  for (const failure of await deps.jobs.unreportedFailures()) {
    const status = abandonedStatus(failure.failedReason);
    try {
      await deps.progress.status(failure.job, status);
      await deps.jobs.recordShown(failure.job.captureId, status);
      reported.push(failure.job.captureId);
      deps.log.info({ captureId: failure.job.captureId, failedReason: failure.failedReason }, 'janitor told the channel about a capture given up');
    } catch (error) {
      deps.log.warn({ err: error, captureId: failure.job.captureId }, 'janitor could not update the status message');
    }
  }
  deps.log.info({ checked: pods.length, removed, alreadyGone, reported }, 'janitor pass done');
  return { checked: pods.length, removed, alreadyGone, reported };
}
