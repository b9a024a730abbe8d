import type { Logger } from 'pino';
import type { CaptureJob } from '../capture/capture-job.js';
import { canCancel, cancelGroupIds } from '../policy/index.js';
import type { CancelAuthorizer, CancelOutcome } from '../queue/capture-cancel.js';
import type { AccessDeps } from './access-deps.js';
import type { CommandContext } from './request-capture.js';
import { code } from './mrkdwn.js';
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

/** The policy in force decides, with the approver groups it names fetched first. */
function authorizer(deps: CancelCaptureDeps, userId: string): CancelAuthorizer {
  return async (job: CaptureJob) => {
    const policy = deps.access.policy.current();
    const target = { captureId: job.captureId, namespace: job.namespace, requestedBy: job.requestedBy, approvedBy: job.approvedBy };
    const groups = cancelGroupIds(policy, job.namespace);
    const membership = groups.length === 0 ? () => undefined : await deps.access.groups.membership(groups);
    return canCancel(policy, target, userId, membership);
  };
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
    outcome = await deps.canceller.cancel(captureId, context.userId, authorizer(deps, context.userId));
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
