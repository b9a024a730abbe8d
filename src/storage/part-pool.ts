import { collectReleasedParts } from './collect-read-buffers.js';

/** How long the kept buffers outlive the last upload that used them. */
const DEFAULT_IDLE_RELEASE_MS = 10_000;

/**
 * Part buffers of one size, allocated once and reused from upload to upload. A trace's bytes are
 * copied straight into them, so streaming allocates no part-sized buffer per part (lib-storage's
 * Upload concatenated a fresh one for every part, and the freed ones stayed in the process's RSS).
 * Once no upload has used them for idleReleaseMs they are dropped, so an idle worker does not hold
 * (queue + 1) parts of memory between incidents; the next upload allocates them again.
 */
export class PartPool {
  readonly #free: Buffer[] = [];
  #lent = 0;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly partSize: number,
    /** Buffers kept for reuse once released; more may be lent at once, and are freed on release. */
    readonly keep: number,
    readonly idleReleaseMs: number = DEFAULT_IDLE_RELEASE_MS,
  ) {}

  /** Buffers held for reuse, not lent. */
  get kept(): number {
    return this.#free.length;
  }

  take(): Buffer {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    this.#lent++;
    // Slow: its own ArrayBuffer, never a slice of Node's shared pool.
    return this.#free.pop() ?? Buffer.allocUnsafeSlow(this.partSize);
  }

  release(buffer: Buffer): void {
    this.#lent--;
    if (this.#free.length < this.keep) this.#free.push(buffer);
    if (this.#lent === 0 && this.#free.length > 0) {
      this.#idleTimer = setTimeout(() => this.#dropKept(), this.idleReleaseMs);
      this.#idleTimer.unref();
    }
  }

  #dropKept(): void {
    this.#idleTimer = undefined;
    this.#free.length = 0;
    collectReleasedParts();
  }
}
