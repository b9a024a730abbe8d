import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { GroupMembership } from '../policy/index.js';
import { slackErrorCode } from './slack-error.js';

/** What Slack answers for a user group id that does not exist. */
const GROUP_NOT_FOUND: ReadonlySet<string> = new Set(['no_such_subteam', 'subteam_not_found']);

export interface SlackUserGroupsOptions {
  /** How long fetched members are trusted. @defaultValue 180000 (milliseconds) */
  readonly ttlMs?: number;
  /** A lookup that takes longer counts as failed. @defaultValue 2000 (milliseconds) */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

interface Cached {
  readonly users: readonly string[];
  readonly fetchedAt: number;
}

/**
 * Members of Slack user groups through `usergroups.users.list`, cached for a
 * few minutes. A group that cannot be fetched maps to undefined, which the
 * policy treats as "not known" (it refuses, never widens); failures are not
 * cached, so the next request asks Slack again.
 */
export class SlackUserGroups {
  readonly #client: WebClient;
  readonly #log: Logger;
  readonly #ttlMs: number;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, Cached>();
  readonly #inFlight = new Map<string, Promise<readonly string[] | undefined>>();
  /** Groups Slack said do not exist, with its error: a policy mistake, kept until a fetch finds the group. */
  readonly #unknown = new Map<string, string>();

  constructor(client: WebClient, log: Logger, options: SlackUserGroupsOptions = {}) {
    this.#client = client;
    this.#log = log;
    this.#ttlMs = options.ttlMs ?? 180_000;
    this.#timeoutMs = options.timeoutMs ?? 2_000;
    this.#now = options.now ?? Date.now;
  }

  /** Fetches what is not cached (concurrent lookups of one group share a call) and answers for these groups. */
  async membership(groupIds: readonly string[]): Promise<GroupMembership> {
    const entries = await Promise.all([...new Set(groupIds)].map(async (id) => [id, await this.#members(id)] as const));
    const known = new Map(entries);
    return (groupId) => known.get(groupId);
  }

  /** Slack's error for a group it does not know (`no_such_subteam`), as of the last lookup. */
  unknownToSlack(groupId: string): string | undefined {
    return this.#unknown.get(groupId);
  }

  async #members(groupId: string): Promise<readonly string[] | undefined> {
    const cached = this.#cache.get(groupId);
    if (cached && this.#now() - cached.fetchedAt < this.#ttlMs) return cached.users;
    let pending = this.#inFlight.get(groupId);
    if (!pending) {
      pending = this.#fetch(groupId).finally(() => this.#inFlight.delete(groupId));
      this.#inFlight.set(groupId, pending);
    }
    return pending;
  }

  async #fetch(groupId: string): Promise<readonly string[] | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    try {
      const answer = await Promise.race([this.#client.usergroups.users.list({ usergroup: groupId }), timeout]);
      const users = answer.users ?? [];
      this.#cache.set(groupId, { users, fetchedAt: this.#now() });
      this.#unknown.delete(groupId);
      return users;
    } catch (error) {
      const code = slackErrorCode(error);
      if (code !== undefined && GROUP_NOT_FOUND.has(code)) this.#unknown.set(groupId, code);
      this.#log.warn({ err: error, group: groupId }, 'user group members could not be fetched from Slack');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
