import type { Logger } from 'pino';
import { auditEventOf } from '../capture/audit-event.js';
import { jobAuditEvent } from '../worker/capture-audit.js';
import type { CancelAuthorizer, CancelOutcome } from '../queue/capture-cancel.js';
import type { AccessDeps } from './access-deps.js';
import type { CommandContext } from './request-capture.js';
import { code } from '../slack/mrkdwn.js';
import { mayCancel } from './policy-check.js';
import { statusMessage } from '../slack/status-message.js';

/** Cancels captures; the BullMQ-backed CaptureCanceller in production. */
export interface Canceller {
  cancel(captureId: string, userId: string, authorize: CancelAuthorizer): Promise<CancelOutcome>;
}

export interface CancelCaptureDeps {
  readonly canceller?: Canceller;
  readonly access: AccessDeps;
  readonly log: Logger;
}
const FINISHED = { completed: 'finished', failed: 'failed', cancelled: 'been cancelled' } as const;

function outcomeText(captureId: string, outcome: CancelOutcome): string {
  const id = code(captureId);
  switch (outcome.kind) {
    case 'unknown':
      return `:warning: There is no capture ${id} (finished captures are forgotten after a week). Nothing was cancelled.`;
    case 'not-allowed':
      return `:no_entry: ${outcome.reason} Nothing was cancelled.`;
    case 'finished':
      return `:information_source: Capture ${id} has already ${FINISHED[outcome.state]}: there is nothing to cancel.`;
    case 'removed':
      return `:no_entry_sign: Capture ${id} is cancelled; it had not started yet.`;
    case 'signalled':
      return `:no_entry_sign: Stopping capture ${id}: its pod is deleted and any upload aborted; its status message says when it is done.`;
  }
}

/** A refusal and a cancel are audited; asking about a capture that does not exist or has ended changes nothing. */
function auditCancel(outcome: CancelOutcome, context: CommandContext, deps: CancelCaptureDeps): void {
  const who = context.userId;
  switch (outcome.kind) {
    case 'not-allowed': {
      const fromChannel = context.channelId === outcome.job.channel ? {} : { fromChannel: context.channelId };
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

/** `/capture cancel ID`: ack at once, then cancel and say what happened, privately. */
export async function cancelCapture(captureId: string, context: CommandContext, deps: CancelCaptureDeps): Promise<void> {
  if (!deps.canceller) {
    await context.ack({ response_type: 'ephemeral', text: ':warning: Cancelling is not available in this installation.' });
    return;
  }
  await context.ack({ response_type: 'ephemeral', text: `:hourglass_flowing_sand: Cancelling capture ${code(captureId)}…` });
  const log = deps.log.child({ captureId });
  let outcome: CancelOutcome;
  try {
    const by = { user: context.userId, channel: context.channelId };
    outcome = await deps.canceller.cancel(captureId, context.userId, (job) => mayCancel(deps.access, job, by));
  } catch (error) {
    log.error({ err: error }, 'cancel failed');
    const text = `:warning: Capture ${code(captureId)} could not be cancelled: the capture queue (Redis) is unavailable. Try again in a moment.`;
    await context.respond({ response_type: 'ephemeral', text }).catch(() => {});
    return;
  }
  log.info({ user: context.userId, outcome: outcome.kind }, 'capture cancel requested');
  auditCancel(outcome, context, deps);
  if (outcome.kind === 'removed') {
    const message = statusMessage(outcome.job, { stage: 'cancelled', by: context.userId });
    await context.client.chat
      .update({ channel: outcome.job.channel, ts: outcome.job.statusTs, text: message.text, blocks: [...message.blocks] })
      .catch((error: unknown) => log.warn({ err: error }, 'status message could not be updated'));
  }
  await context.respond({ response_type: 'ephemeral', text: outcomeText(captureId, outcome) }).catch(() => {});
}
