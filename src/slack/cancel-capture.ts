import type { Logger } from 'pino';
import type { CancelAuthorizer, CancelOutcome } from '../queue/capture-cancel.js';
import type { AccessDeps } from './access-deps.js';
import type { CommandContext } from './request-capture.js';
import { code } from './mrkdwn.js';
import { mayCancel } from './policy-check.js';
import { statusMessage } from './status-message.js';

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
    outcome = await deps.canceller.cancel(captureId, context.userId, (job) => mayCancel(deps.access, job, context.userId));
  } catch (error) {
    log.error({ err: error }, 'cancel failed');
    const text = `:warning: Capture ${code(captureId)} could not be cancelled: the capture queue (Redis) is unavailable. Try again in a moment.`;
    await context.respond({ response_type: 'ephemeral', text }).catch(() => {});
    return;
  }
  log.info({ user: context.userId, outcome: outcome.kind }, 'capture cancel requested');
  if (outcome.kind === 'removed') {
    const message = statusMessage(outcome.job, { stage: 'cancelled', by: context.userId });
    await context.client.chat
      .update({ channel: outcome.job.channel, ts: outcome.job.statusTs, text: message.text, blocks: [...message.blocks] })
      .catch((error: unknown) => log.warn({ err: error }, 'status message could not be updated'));
  }
  await context.respond({ response_type: 'ephemeral', text: outcomeText(captureId, outcome) }).catch(() => {});
}
