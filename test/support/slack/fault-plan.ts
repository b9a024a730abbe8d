export interface FaultSpec {
  /** Answer with this HTTP status instead of 200 (429 carries Retry-After). */
  readonly status?: 429 | 500 | 503;
  /** Answer HTTP 200 `{ ok: false, error }`. */
  readonly error?: string;
  /** How many following calls of the method get the fault; default 1. */
  readonly times?: number;
  /** Hold the answer back this long; alone, it delays a normal answer. */
  readonly delayMs?: number;
  /** Retry-After seconds on a 429; default 1. */
  readonly retryAfterSec?: number;
}

/** Faults queued per method, consumed one call at a time in the order they were queued. */
export class FaultPlan {
  private readonly queued = new Map<string, Array<{ spec: FaultSpec; remaining: number }>>();

  failNext(method: string, spec: FaultSpec): void {
    const queue = this.queued.get(method) ?? [];
    queue.push({ spec, remaining: spec.times ?? 1 });
    this.queued.set(method, queue);
  }

  take(method: string): FaultSpec | undefined {
    const queue = this.queued.get(method);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.spec;
  }
}
