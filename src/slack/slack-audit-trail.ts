import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { AuditEvent, AuditTrail } from '../capture/audit-event.js';
import { auditLine } from './audit-line.js';

/**
 * Posts each event to AUDIT_CHANNEL as one line, in the order recorded. A post
 * that fails is logged (the JSON log line is the record that counts) and the
 * next one is still tried.
 */
export class SlackAuditTrail implements AuditTrail {
  readonly #client: WebClient;
  readonly #channel: string;
  readonly #log: Logger;
  #last: Promise<void> = Promise.resolve();

  constructor(client: WebClient, channel: string, log: Logger) {
    this.#client = client;
    this.#channel = channel;
    this.#log = log;
  }

  record(event: AuditEvent): void {
    const text = auditLine(event);
    this.#last = this.#last.then(async () => {
      try {
        await this.#client.chat.postMessage({ channel: this.#channel, text, unfurl_links: false, unfurl_media: false });
      } catch (error) {
        this.#log.warn({ err: error, captureId: event.captureId, audit: event.event }, 'audit line could not be posted to AUDIT_CHANNEL');
      }
    });
  }

  /** Resolves once every event recorded so far was posted or given up on. */
  async flushed(): Promise<void> {
    await this.#last;
  }
}
