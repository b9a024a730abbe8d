import { clusterOf } from '../capture/cluster-name.js';
import type { Logger } from 'pino';
import { auditEventOf } from '../capture/audit-event.js';
import { jobAuditEvent } from '../worker/capture-audit.js';
import type { CancelAuthorizer, CancelOutcome } from '../queue/capture-cancel.js';
import type { AccessDeps } from './access-deps.js';
import { mayCancel } from './policy-check.js';
import type { CancelDoor } from './request-door.js';

/** Cancels captures; the BullMQ-backed CaptureCanceller in production. */
export interface Canceller {
  cancel(captureId: string, userId: string, authorize: CancelAuthorizer): Promise<CancelOutcome>;
}

export interface CancelCaptureDeps {
  readonly canceller?: Canceller;
  readonly access: AccessDeps;
  readonly log: Logger;
}

/** A refusal and a cancel are audited; asking about a capture that does not exist or has ended changes nothing. */
function auditCancel(outcome: CancelOutcome, door: CancelDoor, deps: CancelCaptureDeps): void {
  const who = door.userId;
  switch (outcome.kind) {
    case 'not-allowed': {
      const fromChannel = door.channelId === outcome.job.channel ? {} : { fromChannel: door.channelId };
      deps.access.audit.record(auditEventOf(outcome.job, 'action-refused', { who, detail: { action: 'cancel', reason: outcome.reason, ...fromChannel } }));
      return;
    }
    case 'removed':
    case 'signalled': {
      const stage = outcome.kind === 'removed' ? 'queued' : 'running';
      deps.access.audit.record({ ...jobAuditEvent(outcome.job, 'cancelled', { stage }), who });
      return;
    }
    default:
      return;
  }
}

/** Cancel, then say what happened, privately. */
export async function cancelCapture(captureId: string, door: CancelDoor, deps: CancelCaptureDeps, cluster?: string): Promise<void> {
  const { texts } = door;
  if (!deps.canceller) {
    await door.answer(texts.cancelUnavailable());
    return;
  }
  const log = deps.log.child({ captureId });
  let outcome: CancelOutcome;
  try {
    const by = { user: door.userId, channel: door.channelId };
    // `--cluster NAME` must name the capture's own cluster: a cancel never reaches another cluster's capture by mistake.
    outcome = await deps.canceller.cancel(captureId, door.userId, async (job) =>
      cluster !== undefined && clusterOf(job) !== cluster ? { ok: false, reason: `Capture ${captureId} runs in cluster ${clusterOf(job)}, not ${cluster}.` } : mayCancel(deps.access, job, by),
    );
  } catch (error) {
    log.error({ err: error }, 'cancel failed');
    await door.answer(texts.cancelFailed(captureId)).catch(() => {});
    return;
  }
  log.info({ user: door.userId, outcome: outcome.kind }, 'capture cancel requested');
  auditCancel(outcome, door, deps);
  if (outcome.kind === 'removed') {
    await door.board
      .updateStatus(outcome.job, outcome.job.statusTs, { stage: 'cancelled', by: door.userId })
      .catch((error: unknown) => log.warn({ err: error }, 'status message could not be updated'));
  }
  await door.answer(texts.cancelOutcome(captureId, outcome)).catch(() => {});
}
