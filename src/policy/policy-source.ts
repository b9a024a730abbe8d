import { loadPolicyFile } from './load-policy-file.js';
import type { Policy } from './policy-schema.js';
import { watchPolicyFile, type WatchPolicyOptions } from './watch-policy-file.js';

/** The policy in force right now: undefined means no CAPTUREBOT_POLICY (the four-eyes default). */
export interface PolicySource {
  current(): Policy | undefined;
  close(): void;
}

export interface PolicySourceEvents {
  /** A changed file was read and is now in force. */
  readonly onReload: (policy: Policy) => void;
  /** A changed file could not be used; the last good policy stays in force. */
  readonly onRejected: (error: Error) => void;
}

/**
 * Loads the policy file (throws PolicyFileError, `file:line:col: reason`,
 * when it cannot be used) and follows its changes. The watch starts before
 * the first read, so an edit made while starting up is not missed.
 */
export async function openPolicySource(
  path: string | undefined,
  events: PolicySourceEvents,
  options: WatchPolicyOptions = {},
): Promise<PolicySource> {
  if (path === undefined) return { current: () => undefined, close: () => {} };
  let policy: Policy | undefined;
  const watcher = watchPolicyFile(
    path,
    (next) => {
      policy = next;
      events.onReload(next);
    },
    events.onRejected,
    options,
  );
  try {
    const loaded = await loadPolicyFile(path);
    policy ??= loaded;
  } catch (error) {
    watcher.close();
    throw error;
  }
  return { current: () => policy, close: () => watcher.close() };
}
