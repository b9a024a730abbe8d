import type { Redis } from 'ioredis';
import type { CancelSignals } from '../worker/cancel-signals-port.js';
import { robustnessKeys } from './robustness-keys.js';

/** The workers' side of cancelling: the mark the bot leaves, and its pub/sub announcement. */
export class RedisCancelSignals implements CancelSignals {
  readonly #keys: ReturnType<typeof robustnessKeys>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.#keys = robustnessKeys(prefix);
  }

  async cancelledBy(captureId: string): Promise<string | undefined> {
    return (await this.redis.get(this.#keys.cancel(captureId))) ?? undefined;
  }

  async subscribe(onCancel: (captureId: string) => void): Promise<() => void> {
    // A subscribed connection can do nothing else: it gets its own, which resubscribes when it reconnects.
    const subscriber = this.redis.duplicate();
    subscriber.on('error', () => {});
    subscriber.on('message', (channel: string, captureId: string) => {
      if (channel === this.#keys.cancelChannel) onCancel(captureId);
    });
    await subscriber.subscribe(this.#keys.cancelChannel);
    return () => subscriber.disconnect();
  }
}
