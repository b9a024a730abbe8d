/** Gives the turn back; a second call does nothing. */
export type ReleaseTurn = () => void;

interface Waiter {
  readonly grant: (release: ReleaseTurn) => void;
  readonly onPlace: (place: number) => void;
}

/**
 * MAX_UPLOADS: at most `max` traces stream to S3 at once in this worker, the
 * others wait in the order they asked. Captures themselves never wait here:
 * only the read-out of a trace that is already captured (and held by its pod).
 */
export class UploadTurns {
  #streaming = 0;
  readonly #line: Waiter[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`at least one upload at a time; got ${max}`);
  }

  /** Traces streaming now, and waiting for a turn. */
  get counts(): { readonly streaming: number; readonly waiting: number } {
    return { streaming: this.#streaming, waiting: this.#line.length };
  }

  /**
   * Resolves when this trace may stream. While it waits, onPlace hears its
   * place in line (1: next), at once and whenever it moves up. Aborting the
   * signal takes it out of the line and rejects with the signal's reason.
   */
  take(signal: AbortSignal, onPlace: (place: number) => void): Promise<ReleaseTurn> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.#streaming < this.max && this.#line.length === 0) {
      this.#streaming += 1;
      return Promise.resolve(this.#releaser());
    }
    return new Promise<ReleaseTurn>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.#line.indexOf(waiter);
        if (at < 0) return;
        this.#line.splice(at, 1);
        reject(signal.reason);
        this.#tellPlaces(at);
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal.removeEventListener('abort', onAbort);
          resolve(release);
        },
        onPlace,
      };
      this.#line.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#tellPlaces(this.#line.length - 1);
    });
  }

  #releaser(): ReleaseTurn {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#streaming -= 1;
      const next = this.#line.shift();
      if (!next) return;
      this.#streaming += 1;
      next.grant(this.#releaser());
      this.#tellPlaces(0);
    };
  }

  /** Everyone from index `from` on moved up one place. */
  #tellPlaces(from: number): void {
    for (let at = from; at < this.#line.length; at++) {
      const waiter = this.#line[at]!;
      try {
        waiter.onPlace(at + 1);
      } catch {
        // a status update that throws must not stop the line
      }
    }
  }
}

/**
 * Waits for an upload turn (none to wait for without MAX_UPLOADS), saying the
 * place in line through say, one update after another; they have all been
 * said when this resolves, so the next status cannot be overtaken by one of them.
 */
export async function awaitUploadTurn(turns: UploadTurns | undefined, signal: AbortSignal, say: (place: number) => Promise<void>): Promise<ReleaseTurn> {
  if (!turns) return () => {};
  let said = Promise.resolve();
  const release = await turns.take(signal, (place) => {
    said = said.then(() => say(place)).catch(() => {});
  });
  await said;
  return release;
}
