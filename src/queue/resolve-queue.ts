import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { ulid } from 'ulid';
import type { TargetRequest } from '../capture/resolve-target.js';
import { resolveRequestSchema } from '../capture/resolve-request.js';
import { targetResolutionSchema, type TargetResolution } from '../capture/target-resolution.js';
import { DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import { clusterQueue, RESOLVE_QUEUE } from './queue-names.js';

/** What the bot learns from asking a worker. */
export type ResolveAnswer =
  | { readonly kind: 'answer'; readonly resolution: TargetResolution }
  /** No worker answered in time: none runs (or none reaches Redis). */
  | { readonly kind: 'no-worker'; readonly waitedSeconds: number }
  /** A worker tried and failed (the Kubernetes API refused or was unreachable). */
  | { readonly kind: 'failed'; readonly reason: string }
  /** Redis itself is down: nothing could be asked. */
  | { readonly kind: 'unavailable'; readonly reason: string };

/** Where the bot asks for a target's pods; a port, so the request path can be tested without a worker. */
export interface TargetResolver {
  /** cluster: whose workers answer (unset: the default cluster's). */
  resolve(request: TargetRequest, cluster?: string): Promise<ResolveAnswer>;
}

const KEEP = { age: 300, count: 1_000 };
/** How long a request made while the bot is still connecting to Redis for the first time waits for it. */
const FIRST_CONNECT_WAIT_MS = 2_000;

/**
 * The bot's side of the resolve step: a job on the resolve queue, answered
 * by whichever worker takes it, awaited through BullMQ's event stream. The
 * bot has no cluster access; this is the only way it learns what a name means.
 * Unlike capture and relink jobs these are not signed: a worker only reads the
 * cluster to answer one, and re-resolves the target itself when it captures,
 * so a forged request or answer changes what a card shows, never what is captured.
 */
export class ResolveQueue implements TargetResolver {
  readonly #redis: Redis;
  readonly #clusters = new Map<string, { readonly queue: Queue; readonly events: QueueEvents; readonly ready: Promise<unknown> }>();
  /** Resolves once the connection was ready for the first time (or gave up waiting). */
  readonly #connected: Promise<unknown>;

  constructor(
    redisUrl: string,
    prefix: string,
    private readonly timeoutSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    this.#redis.on('error', () => {});
    this.#connected = new Promise((resolve) => this.#redis.once('ready', resolve));
    this.#open = (cluster) => {
      const name = clusterQueue(RESOLVE_QUEUE, cluster);
      const queue = new Queue(name, { connection: this.#redis, prefix });
      queue.on('error', () => {});
      const events = new QueueEvents(name, { connection: { url: redisUrl, maxRetriesPerRequest: null, connectTimeout: 2_000 }, prefix });
      events.on('error', () => {});
      return { queue, events, ready: events.waitUntilReady().catch(() => {}) };
    };
    this.#of(DEFAULT_CLUSTER);
  }

  readonly #open: (cluster: string) => { readonly queue: Queue; readonly events: QueueEvents; readonly ready: Promise<unknown> };

  /** A cluster's resolve queue and its event stream, opened on first use. */
  #of(cluster: string) {
    let opened = this.#clusters.get(cluster);
    if (!opened) {
      opened = this.#open(cluster);
      this.#clusters.set(cluster, opened);
    }
    return opened;
  }

  async resolve(request: TargetRequest, cluster: string = DEFAULT_CLUSTER): Promise<ResolveAnswer> {
    const { queue, events, ready } = this.#of(cluster);
    // A request just after start-up waits for the first connection; once it was up, an outage fails at once.
    if (this.#redis.status === 'wait' || this.#redis.status === 'connecting' || this.#redis.status === 'connect') {
      await Promise.race([this.#connected, new Promise((resolve) => setTimeout(resolve, FIRST_CONNECT_WAIT_MS).unref())]);
    }
    if (this.#redis.status !== 'ready') return { kind: 'unavailable', reason: `the queue (Redis) is unavailable: ${this.#redis.status}` };
    const data = resolveRequestSchema.parse({ ...request, deadline: this.now() + this.timeoutSeconds * 1000 });
    await ready;
    let job;
    try {
      job = await queue.add('resolve', data, { jobId: `resolve-${ulid()}`, attempts: 1, removeOnComplete: KEEP, removeOnFail: KEEP });
    } catch (error) {
      return { kind: 'unavailable', reason: `the queue (Redis) refused the request: ${(error as Error).message}` };
    }
    try {
      const answer: unknown = await job.waitUntilFinished(events, this.timeoutSeconds * 1000);
      const parsed = targetResolutionSchema.safeParse(answer);
      return parsed.success ? { kind: 'answer', resolution: parsed.data } : { kind: 'failed', reason: 'the worker answered with something unreadable' };
    } catch (error) {
      const message = (error as Error).message;
      if (/timed out/i.test(message)) {
        // Nobody took it: take it back, so a worker starting later does not do stale work.
        await job.remove().catch(() => {});
        return { kind: 'no-worker', waitedSeconds: this.timeoutSeconds };
      }
      return { kind: 'failed', reason: message };
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#clusters.values()].flatMap(({ queue, events }) => [queue.close(), events.close()]));
    this.#redis.disconnect();
  }
}
