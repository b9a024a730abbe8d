import type { Logger } from 'pino';
import type { CaptureJob } from '../capture/capture-job.js';
import type { CaptureStatus, NodePods } from '../capture/capture-status.js';
import { jobTargetRequest } from '../capture/job-resolution.js';
import { restartedText } from '../capture/resolution-changes.js';
import type { StatusReport } from './capture-ending.js';
import type { CaptureCluster } from './ports.js';

/**
 * A status reporter that adds what changed (a rollout since the approval, a
 * restart during the capture) to every status that names nodes, from the
 * moment it is known.
 */
export function reportingChanges(report: StatusReport): { report: StatusReport; note: (change: string | undefined) => void } {
  const changes: string[] = [];
  return {
    report: (status: CaptureStatus) => report(changes.length > 0 && 'node' in status ? { ...status, changes: [...changes] } : status),
    note: (change) => {
      if (change !== undefined && !changes.includes(change)) changes.push(change);
    },
  };
}

/**
 * Resolves the target once more after the capture: a container whose id is
 * gone restarted (or stopped) while sysdig recorded by id. A whole-node
 * capture follows no ids. A failed lookup says nothing rather than guess.
 */
export async function restartsDuring(job: CaptureJob, captured: readonly NodePods[], cluster: Pick<CaptureCluster, 'resolve'>, log: Logger): Promise<string | undefined> {
  if (job.target?.kind === 'node') return undefined;
  try {
    const after = await cluster.resolve(jobTargetRequest(job));
    return restartedText(captured, after.kind === 'resolved' ? after.nodes : []);
  } catch (error) {
    log.warn({ err: error }, 'could not check the captured containers after the capture');
    return undefined;
  }
}
