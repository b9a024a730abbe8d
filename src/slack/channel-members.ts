import type { WebClient } from '@slack/web-api';

export interface ChannelMembersOptions {
  /** How long a fetched member list is trusted. @defaultValue 60000 (milliseconds) */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

const PAGE = 200;

/**
 * Who is in a channel, through `conversations.members` (every page), cached
 * for a minute. A channel that cannot be read throws: the caller refuses
 * rather than guessing. Failures are not cached.
 */
export class ChannelMembers {
  readonly #client: WebClient;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, { members: ReadonlySet<string>; fetchedAt: number }>();

  constructor(client: WebClient, options: ChannelMembersOptions = {}) {
    this.#client = client;
    this.#ttlMs = options.ttlMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  async isMember(channel: string, user: string): Promise<boolean> {
    const cached = this.#cache.get(channel);
    if (cached && this.#now() - cached.fetchedAt < this.#ttlMs) return cached.members.has(user);
    const members = await this.#fetch(channel);
    this.#cache.set(channel, { members, fetchedAt: this.#now() });
    return members.has(user);
  }

  async #fetch(channel: string): Promise<Set<string>> {
    const members = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.#client.conversations.members({ channel, limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const member of page.members ?? []) members.add(member);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return members;
  }
}
