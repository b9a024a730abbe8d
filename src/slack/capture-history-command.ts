import type { Logger } from 'pino';
import { clusterOf } from '../capture/cluster-name.js';
import type { CaptureRecord } from '../queue/capture-history.js';
import { captureListMessage, captureStatusMessage, LIST_LENGTH } from './capture-list-message.js';
import type { CommandContext } from './command-context.js';
import type { SlackMessage } from './status-message.js';

/** Captures read back from the queue; the BullMQ-backed CaptureHistory in production. */
export interface HistoryReader {
  find(captureId: string): Promise<CaptureRecord | undefined>;
  unfinished(channel: string): Promise<CaptureRecord[]>;
  recent(channel: string, limit: number): Promise<CaptureRecord[]>;
}

export interface CaptureHistoryDeps {
  readonly history?: HistoryReader;
  readonly log: Logger;
}

const UNAVAILABLE = ':warning: The capture queue (Redis) is unavailable, so I cannot tell. Try again in a moment.';

async function answer(context: CommandContext, deps: CaptureHistoryDeps, read: (history: HistoryReader) => Promise<SlackMessage>): Promise<void> {
  if (!deps.history) {
    await context.answer({ response_type: 'ephemeral', text: ':warning: Capture history is not available in this installation.' });
    return;
  }
  let message: SlackMessage;
  try {
    message = await read(deps.history);
  } catch (error) {
    deps.log.error({ err: error, channel: context.channelId }, 'capture history could not be read');
    await context.respond({ response_type: 'ephemeral', replace_original: false, text: UNAVAILABLE }).catch(() => {});
    return;
  }
  await context
    .respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: [...message.blocks] })
    .catch((error: unknown) => deps.log.warn({ err: error }, 'history answer could not be sent'));
}

/** `--cluster NAME` keeps that cluster's captures only; without it, every cluster's. */
const inCluster = (cluster: string | undefined) => (record: CaptureRecord) => cluster === undefined || clusterOf(record.job) === cluster;

/** `/capture status [ID] [--cluster NAME]`: one capture of this channel, or the channel's unfinished ones. */
export async function showCaptureStatus(captureId: string | undefined, context: CommandContext, deps: CaptureHistoryDeps, cluster?: string): Promise<void> {
  await answer(context, deps, async (history) => {
    if (!captureId) return captureStatusMessage((await history.unfinished(context.channelId)).filter(inCluster(cluster)), {});
    const record = await history.find(captureId);
    // Another channel's capture is not shown: its channel may be private.
    const here = record && record.job.channel === context.channelId ? [record].filter(inCluster(cluster)) : [];
    return captureStatusMessage(here, { captureId });
  });
}

/** `/capture list [--cluster NAME]`: this channel's last 10 captures. */
export async function listCaptures(context: CommandContext, deps: CaptureHistoryDeps, cluster?: string): Promise<void> {
  await answer(context, deps, async (history) => captureListMessage((await history.recent(context.channelId, LIST_LENGTH)).filter(inCluster(cluster))));
}
