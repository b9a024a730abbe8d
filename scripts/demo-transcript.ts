import type { ChannelMessage } from '../test/support/slack/channel-state.js';

/** Slack mrkdwn as a terminal can show it: links by their label, mentions as @id, entities decoded. */
export function plainText(mrkdwn: string): string {
  return mrkdwn
    .replace(/<(?:https?:[^|>]+)\|([^>]+)>/g, '$1')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<#([A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => `#${name || id}`)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Prints a channel as a member would watch it: each message when posted,
 * each edit, each thread reply, in the order they appear.
 */
export class ChannelTranscript {
  readonly #printed = new Map<string, number>();
  readonly #print: (line: string) => void;
  readonly #startedAt: number;

  constructor(print: (line: string) => void, startedAt = Date.now()) {
    this.#print = print;
    this.#startedAt = startedAt;
  }

  /** Prints what changed since the last call. */
  update(messages: readonly ChannelMessage[]): void {
    for (const message of messages) {
      this.#show(message, false);
      for (const reply of message.replies) this.#show(reply, true);
    }
  }

  #show(message: ChannelMessage, isReply: boolean): void {
    const printed = this.#printed.get(message.ts) ?? 0;
    for (let i = printed; i < message.history.length; i++) {
      const version = message.history[i]!;
      const what = i > 0 ? 'edits its message' : isReply ? 'replies in the thread' : 'posts';
      const seconds = ((version.at - this.#startedAt) / 1000).toFixed(1);
      this.#print(`[+${seconds}s] capturebot ${what}:`);
      for (const line of plainText(version.text).split('\n')) this.#print(`    ${line}`);
    }
    this.#printed.set(message.ts, message.history.length);
  }
}
