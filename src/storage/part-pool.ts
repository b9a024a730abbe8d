/**
 * Part buffers of one size, allocated once and reused from upload to upload. A trace's bytes are
 * copied straight into them, so streaming allocates no part-sized buffer per part (lib-storage's
 * Upload concatenated a fresh one for every part, and the freed ones stayed in the process's RSS).
 */
export class PartPool {
  readonly #free: Buffer[] = [];

  constructor(
    readonly partSize: number,
    /** Buffers kept for reuse once released; more may be lent at once, and are freed on release. */
    readonly keep: number,
  ) {}

  take(): Buffer {
    // Slow: its own ArrayBuffer, never a slice of Node's shared pool.
    return this.#free.pop() ?? Buffer.allocUnsafeSlow(this.partSize);
  }

  release(buffer: Buffer): void {
    if (this.#free.length < this.keep) this.#free.push(buffer);
  }
}
