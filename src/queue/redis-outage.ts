import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

const messageOf = (reason: unknown): string => (reason instanceof Error ? reason.message : String(reason));

/**
 * An outage of the bot's Redis, logged once when it starts and once when it
 * ends. While it lasts, every check that needs Redis refuses its request (the
 * requester is told nothing was started); those refusals are counted, not
 * logged one by one: a burst of commands during an outage would otherwise
 * write a stack trace each, on the event loop that acks the next ones.
 */
export class RedisOutage {
  #since: number | undefined;
  #refused = 0;
  #lastError: string | undefined;

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Follows a connection: its reconnect attempts start an outage, its ready ends one. */
  watch(redis: Redis): this {
    redis.on('error', (error: Error) => {
      this.#lastError = error.message;
    });
    // ioredis emits reconnecting only when it will try again: never after a deliberate disconnect.
    redis.on('reconnecting', () => this.#begin(this.#lastError ?? 'the connection to Redis closed'));
    redis.on('ready', () => this.over());
    return this;
  }

  /** When the current outage started, or undefined while Redis answers. */
  get since(): Date | undefined {
    return this.#since === undefined ? undefined : new Date(this.#since);
  }

  /** A request refused because Redis could not be asked; the first one starts the outage if the connection has not. */
  refused(reason: unknown): void {
    this.#begin(messageOf(reason));
    this.#refused += 1;
  }

  /** Redis answered: ends the outage, if there is one. */
  over(): void {
    if (this.#since === undefined) return;
    const downForMs = this.now() - this.#since;
    this.log.info({ downForMs, refused: this.#refused }, `Redis is answering again after ${(downForMs / 1000).toFixed(1)} s; ${this.#refused} requests were refused meanwhile`);
    this.#since = undefined;
    this.#refused = 0;
    this.#lastError = undefined;
  }

  #begin(reason: string): void {
    if (this.#since !== undefined) return;
    this.#since = this.now();
    this.log.warn({ reason }, 'Redis is not answering: commands are refused ("nothing was started") until it does');
  }
}
