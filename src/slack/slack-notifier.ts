import { clusterOf } from '../capture/cluster-name.js';
import type { WebClient } from '@slack/web-api';
import type { CaptureJob } from '../capture/capture-job.js';
import type { CaptureArtifact, CaptureStatus } from '../capture/capture-status.js';
import type { ProgressNotifier } from '../worker/ports.js';
import type { RelinkRequest } from '../capture/relink-request.js';
import type { FreshLinkNotifier, FreshLinks } from '../worker/fresh-links.js';
import type { TriageReport } from '../worker/triage-report.js';
import { freshLinkMessage } from './fresh-link-message.js';
import { linkMessage } from './link-message.js';
import { statusMessage, type SlackMessage } from './status-message.js';
import { triageMessage } from './triage-message.js';

/** Progress as Slack shows it: the status message updated in place, the link in its thread; fresh links to the one who asked. */
export class SlackNotifier implements ProgressNotifier, FreshLinkNotifier {
  readonly #client: WebClient;

  constructor(client: WebClient) {
    this.#client = client;
  }

  async status(job: CaptureJob, status: CaptureStatus): Promise<void> {
    const message = statusMessage(job, status);
    await this.#client.chat.update({ channel: job.channel, ts: job.statusTs, text: message.text, blocks: [...message.blocks] });
  }

  async delivered(job: CaptureJob, artifact: CaptureArtifact): Promise<void> {
    await this.#reply(job, linkMessage(artifact, job));
  }

  async summarised(job: CaptureJob, report: TriageReport): Promise<void> {
    await this.#reply(job, triageMessage(report, clusterOf(job)));
  }

  async freshLinks(request: RelinkRequest, links: FreshLinks): Promise<void> {
    const message = freshLinkMessage(links);
    await this.#client.chat.postEphemeral({ channel: request.channel, user: request.userId, text: message.text, blocks: [...message.blocks] });
  }

  async #reply(job: CaptureJob, message: SlackMessage): Promise<void> {
    await this.#client.chat.postMessage({
      channel: job.channel,
      thread_ts: job.statusTs,
      text: message.text,
      blocks: [...message.blocks],
      unfurl_links: false,
      unfurl_media: false,
    });
  }
}
