import type { WebClient } from '@slack/web-api';
import type { CaptureStatus } from '../capture/capture-status.js';
import type { JanitorNotice, JanitorNotifier } from '../worker/janitor-ports.js';
import { abandonedStatus } from '../worker/janitor.js';
import { code, escapeMrkdwn } from './mrkdwn.js';
import { statusMessage, type SlackMessage } from './status-message.js';

function noteOf(notice: JanitorNotice): string {
  if (notice.deletion === 'already-gone') {
    return `The capture pod ${notice.podName} was left behind (${notice.why}), and was already gone when the janitor went to delete it.`;
  }
  return `The janitor deleted the capture pod ${notice.podName}, left behind: ${notice.why}.`;
}

/** The status the message shows under the janitor's note: the job's last word, or that it was given up. */
function statusOf(notice: JanitorNotice): CaptureStatus {
  if (notice.standing.state === 'unknown') return abandonedStatus('its job is gone from the queue');
  return notice.standing.progress.finalStatus ?? abandonedStatus(notice.standing.failedReason ?? 'its worker stopped');
}

/** A job the queue no longer knows: all that is known is the pod. */
function orphanMessage(notice: JanitorNotice): SlackMessage {
  const text = `:broom: ${escapeMrkdwn(noteOf(notice))} Its capture ${code(notice.captureId)} is not known to the queue any more; run it again if you still need it.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** Tells the capture's status message what the janitor removed, keeping what the message said. */
export class SlackJanitorNotifier implements JanitorNotifier {
  constructor(private readonly client: WebClient) {}

  async podRemoved(notice: JanitorNotice): Promise<void> {
    const job = notice.standing.state === 'unknown' ? undefined : notice.standing.job;
    const message = job ? statusMessage(job, statusOf(notice), noteOf(notice)) : orphanMessage(notice);
    await this.client.chat.update({ channel: notice.channel, ts: notice.statusTs, text: message.text, blocks: [...message.blocks] });
  }
}
