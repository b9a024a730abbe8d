import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { CaptureJob } from '../capture/capture-job.js';
import { cannotPostText } from '../slack/ack-messages.js';
import { slackError } from '../slack/slack-error.js';
import { statusMessage, type CaptureRequestView } from '../slack/status-message.js';

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
  client: WebClient,
  deps: StartCaptureDeps,
  tell: (text: string) => Promise<void>,
): Promise<void> {
  const log = deps.log.child({ captureId: request.captureId });
  let statusTs: string;
  try {
    const queued = statusMessage(request, { stage: 'queued' });
    const posted = await client.chat.postMessage({ channel: request.channel, text: queued.text, blocks: [...queued.blocks] });
    if (!posted.ts) throw new Error('chat.postMessage returned no ts');
    statusTs = posted.ts;
  } catch (error) {
    log.warn({ err: error }, 'status message could not be posted; capture not started');
    await tell(cannotPostText(request.captureId, slackError(error))).catch(() => {});
    return;
  }

  try {
    await deps.queue.enqueue({ ...request, statusTs });
    log.info('capture queued');
  } catch (error) {
    log.error({ err: error }, 'capture could not be queued');
    const failed = statusMessage(request, { stage: 'not-started', reason: 'the capture queue (Redis) is unavailable' });
    await client.chat
      .update({ channel: request.channel, ts: statusTs, text: failed.text, blocks: [...failed.blocks] })
      .catch((updateError: unknown) => log.error({ err: updateError }, 'status message could not be updated'));
  }
}
