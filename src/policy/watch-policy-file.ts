import { readFileSync, watch } from 'node:fs';
import { dirname } from 'node:path';
import { readPolicyText } from './load-policy-file.js';
import { parsePolicy } from './parse-policy.js';
import type { Policy } from './policy-schema.js';

export interface PolicyWatcher {
  close(): void;
}

export interface WatchPolicyOptions {
  /** Quiet time after the last change before the file is read again. @defaultValue 200 (milliseconds) */
  readonly debounceMs?: number;
}

/**
 * Re-reads the policy file when it changes and hands over each new valid
 * policy. A bad edit (or a file that vanished) goes to `onError` and nothing
 * else happens, so the caller keeps the last good policy.
 *
 * It watches the directory, not the file: editors and ConfigMap updates
 * replace the file (a ConfigMap swaps its `..data` symlink), which a watch on
 * the file itself would not follow. Any event in the directory leads to a
 * read; content the watcher has already seen is not delivered again.
 * A ConfigMap mounted with `subPath` is never updated by the kubelet, so it
 * only changes on a restart.
 */
export function watchPolicyFile(
  path: string,
  onChange: (policy: Policy) => void,
  onError: (error: Error) => void,
  options: WatchPolicyOptions = {},
): PolicyWatcher {
  const debounceMs = options.debounceMs ?? 200;
  let seen = readQuietly(path);
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let reading = false;
  let readAgain = false;

  async function reread(): Promise<void> {
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    try {
      do {
        readAgain = false;
        await check();
      } while (readAgain && !closed);
    } finally {
      reading = false;
    }
  }

  async function check(): Promise<void> {
    let text: string;
    try {
      text = await readPolicyText(path);
    } catch (error) {
      seen = undefined;
      if (!closed) onError(error as Error);
      return;
    }
    if (closed || text === seen) return;
    seen = text;
    let policy: Policy;
    try {
      policy = parsePolicy(text, path);
    } catch (error) {
      onError(error as Error);
      return;
    }
    onChange(policy);
  }

  const watcher = watch(dirname(path), { persistent: false }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => reread().catch((error: unknown) => onError(error as Error)), debounceMs);
  });
  watcher.on('error', (error) => {
    if (!closed) onError(new Error(`stopped watching ${dirname(path)} for policy changes: ${error.message}`, { cause: error }));
  });

  return {
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}

function readQuietly(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
