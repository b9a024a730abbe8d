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
 * A waiting trace's status message is rewritten at most this often: each upload that ends moves every
 * waiting one up, and 50 waiting captures would otherwise be 50 chat.update calls per upload.
 */
export const PLACE_UPDATE_INTERVAL_MS = 3_000;

/**
 * Waits for an upload turn (none to wait for without MAX_UPLOADS), saying the place in line
 * through say: the first place at once, then only the latest, one update at a time and at most
 * one per intervalMs. When the turn comes, a place not yet said is dropped and the one being
 * said is waited for, so the next status cannot be overtaken by it.
 */
export async function awaitUploadTurn(
  turns: UploadTurns | undefined,
  signal: AbortSignal,
  say: (place: number) => Promise<void>,
  intervalMs = PLACE_UPDATE_INTERVAL_MS,
): Promise<ReleaseTurn> {
  if (!turns) return () => {};
  let unsaid: number | undefined;
  let saying: Promise<void> | undefined;
  let saidAt = -Infinity;
  let later: NodeJS.Timeout | undefined;
  let done = false;
  const sayLatest = (): void => {
    if (done || saying || later || unsaid === undefined) return;
    const wait = saidAt + intervalMs - Date.now();
    if (wait > 0) {
      later = setTimeout(() => {
        later = undefined;
        sayLatest();
      }, wait);
      return;
    }
    const place = unsaid;
    unsaid = undefined;
    saidAt = Date.now();
    saying = say(place)
      .catch(() => {})
      .finally(() => {
        saying = undefined;
        sayLatest();
      });
  };
  try {
    return await turns.take(signal, (place) => {
      unsaid = place;
      sayLatest();
    });
  } finally {
    done = true;
    clearTimeout(later);
    await saying;
  }
}
