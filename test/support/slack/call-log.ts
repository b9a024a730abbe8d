/** One Web API request as the stand-in received and answered it. */
export interface RecordedCall {
  readonly method: string;
  /** Decoded arguments (form values stay strings; blocks, attachments, view and metadata are parsed). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly token: string | undefined;
  /** Arrival time, ms since the epoch. */
  readonly at: number;
  /** The HTTP status the stand-in answered with. */
  readonly status: number;
  /** The `ok` field of the answer (false for HTTP-level faults too). */
  readonly ok: boolean;
  readonly error?: string;
  readonly response?: Readonly<Record<string, unknown>>;
}

export type CallMatcher = string | ((call: RecordedCall) => boolean);

export interface WaitForOptions {
  /** Default 5000. */
  readonly timeoutMs?: number;
  /** Only calls recorded after waitFor was called; default false (earlier calls match too). */
  readonly fresh?: boolean;
}

interface Waiter {
  readonly matches: (call: RecordedCall) => boolean;
  readonly resolve: (call: RecordedCall) => void;
}

function toPredicate(matcher: CallMatcher): (call: RecordedCall) => boolean {
  return typeof matcher === 'string' ? (call) => call.method === matcher : matcher;
}

/** Every Web API call in arrival order, and promises that settle when a matching call is recorded. */
export class CallLog {
  private readonly recorded: RecordedCall[] = [];
  private readonly waiters = new Set<Waiter>();

  record(call: RecordedCall): void {
    this.recorded.push(call);
    for (const waiter of [...this.waiters]) {
      if (waiter.matches(call)) waiter.resolve(call);
    }
  }

  calls(method?: string): RecordedCall[] {
    return method === undefined ? [...this.recorded] : this.recorded.filter((call) => call.method === method);
  }

  waitFor(matcher: CallMatcher, { timeoutMs = 5000, fresh = false }: WaitForOptions = {}): Promise<RecordedCall> {
    const matches = toPredicate(matcher);
    if (!fresh) {
      const earlier = this.recorded.find(matches);
      if (earlier) return Promise.resolve(earlier);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches,
        resolve: (call) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(call);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.recorded.map((call) => call.method).join(', ') || 'none';
        const wanted = typeof matcher === 'string' ? matcher : 'a call matching the predicate';
        reject(new Error(`Slack stand-in: no ${wanted} within ${timeoutMs} ms (calls so far: ${seen})`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}
