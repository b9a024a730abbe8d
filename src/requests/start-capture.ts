import type { Logger } from 'pino';
import type { CaptureJob } from '../capture/capture-job.js';
import type { CaptureRequestView } from './capture-request-view.js';
import type { Channel } from './request-door.js';

/** Where accepted captures go; the BullMQ queue in production. */
export interface CaptureEnqueuer {
  enqueue(job: CaptureJob): Promise<void>;
}

export interface StartCaptureDeps {
  readonly queue: CaptureEnqueuer;
  readonly log: Logger;
}

/**
 * The capture is allowed (by the policy, or by an approval): post its status
 * message, then queue the job carrying that message's ts. When the message
 * cannot be posted, `tell` says so privately and nothing is queued; when the
 * queue is down, the status message says so.
 */
export async function startCapture(
  request: CaptureRequestView,
  channel: Channel,
  deps: StartCaptureDeps,
  tell: (text: string) => Promise<void>,
): Promise<void> {
  const log = deps.log.child({ captureId: request.captureId });
  let statusTs: string;
  try {
    statusTs = await channel.board.postStatus(request, { stage: 'queued' });
  } catch (error) {
    log.warn({ err: error }, 'status message could not be posted; capture not started');
    await tell(channel.texts.cannotPost(request.captureId, error)).catch(() => {});
    return;
  }

  try {
    await deps.queue.enqueue({ ...request, statusTs });
    log.info('capture queued');
  } catch (error) {
    log.error({ err: error }, 'capture could not be queued');
    await channel.board
      .updateStatus(request, statusTs, { stage: 'not-started', reason: 'the capture queue (Redis) is unavailable' })
      .catch((updateError: unknown) => log.error({ err: updateError }, 'status message could not be updated'));
  }
}
