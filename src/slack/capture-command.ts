import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { CaptureJob } from '../capture/capture-job.js';
import type { CaptureLimits } from '../capture/capture-spec.js';
import { parseCaptureCommand, CAPTURE_USAGE } from '../capture/grammar.js';
import { acceptedText, cannotPostText, invalidCommandText } from './ack-messages.js';
import { statusMessage, type CaptureRequestView } from './status-message.js';

/** Where accepted captures go; the BullMQ queue in production. */
export interface CaptureEnqueuer {
  enqueue(job: CaptureJob): Promise<void>;
}

export interface CaptureCommandDeps {
  readonly limits: CaptureLimits;
  readonly queue: CaptureEnqueuer;
  readonly log: Logger;
  readonly newCaptureId: () => string;
  readonly now: () => Date;
}

function slackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : (error as Error).message;
}

/**
 * `/capture …`: parse, ack at once (the ack never waits on Slack or Redis),
 * then post the status message and queue the job carrying that message's ts.
 */
export function registerCaptureCommand(app: App, deps: CaptureCommandDeps): void {
  app.command('/capture', async ({ command, ack, client, respond }) => {
    const parsed = parseCaptureCommand(command.text ?? '', deps.limits);
    if (parsed.kind === 'help') {
      await ack({ response_type: 'ephemeral', text: CAPTURE_USAGE });
      return;
    }
    if (parsed.kind === 'invalid') {
      deps.log.info({ user: command.user_id, channel: command.channel_id, problem: parsed.problem }, 'capture command refused');
      await ack({ response_type: 'ephemeral', text: invalidCommandText(parsed.problem) });
      return;
    }
    const { spec } = parsed;
    const request: CaptureRequestView = {
      captureId: deps.newCaptureId(),
      pod: spec.pod,
      namespace: spec.namespace,
      durationSeconds: spec.durationSeconds,
      snaplen: spec.snaplen,
      driver: spec.driver,
      ...(spec.filter !== undefined && { filter: spec.filter }),
      requestedBy: command.user_id,
      channel: command.channel_id,
      requestedAt: deps.now().toISOString(),
    };
    await ack({ response_type: 'ephemeral', text: acceptedText(request.captureId, spec.pod, spec.namespace) });
    const log = deps.log.child({ captureId: request.captureId });
    log.info({ user: request.requestedBy, channel: request.channel, target: `${spec.namespace}/${spec.pod}`, spec }, 'capture requested');

    let statusTs: string;
    try {
      const queued = statusMessage(request, { stage: 'queued' });
      const posted = await client.chat.postMessage({ channel: request.channel, text: queued.text, blocks: [...queued.blocks] });
      if (!posted.ts) throw new Error('chat.postMessage returned no ts');
      statusTs = posted.ts;
    } catch (error) {
      log.warn({ err: error }, 'status message could not be posted; capture not started');
      await respond({ response_type: 'ephemeral', text: cannotPostText(request.captureId, slackError(error)) }).catch(() => {});
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
  });
}
