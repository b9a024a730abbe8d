import type { CaptureJob } from '../capture/capture-job.js';
import type { CaptureStatus } from '../capture/capture-status.js';
import type { CaptureSlots, SlotLease } from './capture-slots-port.js';
import type { CaptureRun } from './capture-run.js';
import { CaptureMustWait } from './requeue.js';

/**
 * Takes a capture slot on node, or reports what the capture waits for (once
 * per limit, not at every re-check) and throws CaptureMustWait. A resumed
 * capture's pod already runs: it always gets its slot back.
 */
export async function takeSlot(
  job: CaptureJob,
  node: string,
  resuming: boolean,
  slots: CaptureSlots | undefined,
  run: CaptureRun,
  report: (status: CaptureStatus) => Promise<void>,
): Promise<SlotLease | undefined> {
  if (!slots) return undefined;
  const grant = await slots.acquire(job.captureId, node, { force: resuming });
  if (grant.ok) return grant.lease;
  if (run.progress.waitingFor !== grant.waitingFor) {
    await report({ stage: 'waiting', reason: grant.waitingFor });
    await run.save({ waitingFor: grant.waitingFor });
  }
  throw new CaptureMustWait(grant.waitingFor);
}
