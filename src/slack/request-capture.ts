import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { CaptureJob } from '../capture/capture-job.js';
import type { CaptureSpec } from '../capture/capture-spec.js';
import { acceptedText, cannotPostText } from './ack-messages.js';
import { statusMessage, type CaptureRequestView } from './status-message.js';

/** Where accepted captures go; the BullMQ queue in production. */
export interface CaptureEnqueuer {
  enqueue(job: CaptureJob): Promise<void>;
}

export interface RequestCaptureDeps {
  readonly queue: CaptureEnqueuer;
  readonly log: Logger;
  readonly newCaptureId: () => string;
  readonly now: () => Date;
}

/** Who asked, where, and how to answer them. */
export interface CommandContext {
  readonly userId: string;
  readonly channelId: string;
  readonly ack: (response: { response_type: 'ephemeral'; text: string }) => Promise<void>;
  readonly respond: RespondFn;
  readonly client: WebClient;
}

function slackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : (error as Error).message;
}

/** Ack with the capture id, post the status message, queue the job carrying that message's ts. */
export async function requestCapture(spec: CaptureSpec, context: CommandContext, deps: RequestCaptureDeps): Promise<void> {
  const request: CaptureRequestView = {
    captureId: deps.newCaptureId(),
    pod: spec.pod,
    namespace: spec.namespace,
    durationSeconds: spec.durationSeconds,
    snaplen: spec.snaplen,
    driver: spec.driver,
    ...(spec.filter !== undefined && { filter: spec.filter }),
    requestedBy: context.userId,
    channel: context.channelId,
    requestedAt: deps.now().toISOString(),
  };
  await context.ack({ response_type: 'ephemeral', text: acceptedText(request.captureId, spec.pod, spec.namespace) });
  const log = deps.log.child({ captureId: request.captureId });
  log.info({ user: request.requestedBy, channel: request.channel, target: `${spec.namespace}/${spec.pod}`, spec }, 'capture requested');

  let statusTs: string;
  try {
    const queued = statusMessage(request, { stage: 'queued' });
    const posted = await context.client.chat.postMessage({ channel: request.channel, text: queued.text, blocks: [...queued.blocks] });
    if (!posted.ts) throw new Error('chat.postMessage returned no ts');
    statusTs = posted.ts;
  } catch (error) {
    log.warn({ err: error }, 'status message could not be posted; capture not started');
    await context.respond({ response_type: 'ephemeral', text: cannotPostText(request.captureId, slackError(error)) }).catch(() => {});
    return;
  }

  try {
    await deps.queue.enqueue({ ...request, statusTs });
    log.info('capture queued');
  } catch (error) {
    log.error({ err: error }, 'capture could not be queued');
    const failed = statusMessage(request, { stage: 'not-started', reason: 'the capture queue (Redis) is unavailable' });
    await context.client.chat
      .update({ channel: request.channel, ts: statusTs, text: failed.text, blocks: [...failed.blocks] })
      .catch((updateError: unknown) => log.error({ err: updateError }, 'status message could not be updated'));
  }
}
