import { TsClock } from './ids.js';
import { SlackApiError } from './slack-api-error.js';

/** The visible content of a message at one moment. */
export interface MessageContent {
  readonly text: string;
  readonly blocks?: readonly unknown[];
  readonly attachments?: readonly unknown[];
  readonly metadata?: unknown;
}

export interface MessageVersion extends MessageContent {
  /** When this version was posted or written by chat.update, ms since the epoch. */
  readonly at: number;
}

/** A message as a channel member would see it, with how it got there. */
export interface ChannelMessage extends MessageContent {
  readonly channel: string;
  readonly ts: string;
  readonly user: string;
  readonly botId?: string;
  readonly threadTs?: string;
  /** Every version, oldest first: [as posted, after the first update, …]; the last is current. */
  readonly history: readonly MessageVersion[];
  /** Thread replies in order (empty for replies themselves). */
  readonly replies: readonly ChannelMessage[];
}

export interface EphemeralMessage extends MessageContent {
  readonly channel: string;
  readonly user: string;
  readonly messageTs: string;
  readonly threadTs?: string;
}

export interface PostInput extends MessageContent {
  readonly channel: string;
  readonly user: string;
  readonly botId?: string;
  readonly threadTs?: string;
}

export interface UpdateInput {
  readonly channel: string;
  readonly ts: string;
  /** The caller's user id: only the author may edit. */
  readonly user: string;
  readonly text?: string;
  readonly blocks?: readonly unknown[];
  readonly attachments?: readonly unknown[];
  readonly metadata?: unknown;
}

interface StoredMessage {
  readonly channel: string;
  readonly ts: string;
  readonly user: string;
  readonly botId?: string;
  readonly threadTs?: string;
  readonly history: MessageVersion[];
  readonly replies: StoredMessage[];
}

/** Messages per channel and ts, thread replies and per-user ephemeral messages. */
export class ChannelState {
  private readonly channels = new Map<string, StoredMessage[]>();
  private readonly ephemerals: EphemeralMessage[] = [];
  private readonly clock = new TsClock();

  post(input: PostInput): ChannelMessage {
    const ts = this.clock.next();
    const { channel, user, botId, threadTs: requestedThread, ...content } = input;
    const messages = this.channelList(channel);
    const parent = requestedThread === undefined ? undefined : this.threadParent(channel, requestedThread);
    const message: StoredMessage = {
      channel, ts, user, botId, threadTs: parent ? parent.ts : undefined,
      history: [{ ...content, at: Date.now() }],
      replies: [],
    };
    if (parent) parent.replies.push(message);
    else messages.push(message);
    return snapshot(message);
  }

  update(input: UpdateInput): ChannelMessage {
    const message = this.find(input.channel, input.ts);
    if (message.user !== input.user) throw new SlackApiError('cant_update_message');
    const current = currentVersion(message);
    // Fields left out keep their previous value, as chat.update documents; an empty array clears.
    message.history.push({
      text: input.text ?? current.text,
      blocks: input.blocks ?? current.blocks,
      attachments: input.attachments ?? current.attachments,
      metadata: input.metadata ?? current.metadata,
      at: Date.now(),
    });
    return snapshot(message);
  }

  delete(channel: string, ts: string, user: string): void {
    const message = this.find(channel, ts);
    if (message.user !== user) throw new SlackApiError('cant_delete_message');
    const list = message.threadTs === undefined ? this.channelList(channel) : this.find(channel, message.threadTs).replies;
    list.splice(list.indexOf(message), 1);
  }

  postEphemeral(input: Omit<PostInput, 'botId'>): EphemeralMessage {
    const { channel, user, threadTs, ...content } = input;
    const ephemeral: EphemeralMessage = { ...content, channel, user, threadTs, messageTs: this.clock.next() };
    this.ephemerals.push(ephemeral);
    return ephemeral;
  }

  /** Top-level messages in ts order, each with its current content, history and replies. */
  messages(channel: string): ChannelMessage[] {
    return (this.channels.get(channel) ?? []).map(snapshot);
  }

  ephemeralMessages(user?: string): EphemeralMessage[] {
    return this.ephemerals.filter((message) => user === undefined || message.user === user);
  }

  private channelList(channel: string): StoredMessage[] {
    let list = this.channels.get(channel);
    if (!list) {
      list = [];
      this.channels.set(channel, list);
    }
    return list;
  }

  /** A reply's ts names its parent's thread, as in Slack. */
  private threadParent(channel: string, threadTs: string): StoredMessage {
    const target = this.findOrUndefined(channel, threadTs);
    if (!target) throw new SlackApiError('thread_not_found');
    return target.threadTs === undefined ? target : this.find(channel, target.threadTs);
  }

  private find(channel: string, ts: string): StoredMessage {
    const found = this.findOrUndefined(channel, ts);
    if (!found) throw new SlackApiError('message_not_found');
    return found;
  }

  private findOrUndefined(channel: string, ts: string): StoredMessage | undefined {
    for (const message of this.channels.get(channel) ?? []) {
      if (message.ts === ts) return message;
      const reply = message.replies.find((candidate) => candidate.ts === ts);
      if (reply) return reply;
    }
    return undefined;
  }
}

function currentVersion(message: StoredMessage): MessageVersion {
  const last = message.history[message.history.length - 1];
  if (!last) throw new Error('a stored message always has a version');
  return last;
}

function snapshot(message: StoredMessage): ChannelMessage {
  const { at: _at, ...content } = currentVersion(message);
  return structuredClone({
    ...content,
    channel: message.channel,
    ts: message.ts,
    user: message.user,
    botId: message.botId,
    threadTs: message.threadTs,
    history: message.history,
    replies: message.replies.map(snapshot),
  });
}
