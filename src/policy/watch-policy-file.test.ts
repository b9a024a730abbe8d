import { mkdtemp, rename, rm, symlink, writeFile, mkdir, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPolicyFile } from './load-policy-file.js';
import { PolicyFileError } from './policy-file-error.js';
import type { Policy } from './policy-schema.js';
import { watchPolicyFile } from './watch-policy-file.js';
import type { PolicyWatcher } from './watch-policy-file.js';

type Event = { kind: 'change'; policy: Policy } | { kind: 'error'; error: Error };

/** What a caller does: keep the current policy, replace it on change, log errors. */
function follow(path: string, initial: Policy) {
  let current = initial;
  const waiting: ((event: Event) => void)[] = [];
  const queued: Event[] = [];
  const deliver = (event: Event) => {
    if (event.kind === 'change') current = event.policy;
    const waiter = waiting.shift();
    if (waiter) waiter(event);
    else queued.push(event);
  };
  const watcher = watchPolicyFile(
    path,
    (policy) => deliver({ kind: 'change', policy }),
    (error) => deliver({ kind: 'error', error }),
    { debounceMs: 50 },
  );
  return {
    watcher,
    current: () => current,
    next: () => new Promise<Event>((resolve) => (queued.length > 0 ? resolve(queued.shift()!) : waiting.push(resolve))),
  };
}

const policyWithMax = (duration: string) => `defaults:\n  maxDuration: ${duration}\n`;

describe('watchPolicyFile', () => {
  let dir: string;
  let watcher: PolicyWatcher | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capturebot-policy-'));
  });
  afterEach(async () => {
    watcher?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers the new policy when the file is edited', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, policyWithMax('60s'));
    const followed = follow(path, await loadPolicyFile(path));
    watcher = followed.watcher;

    await writeFile(path, policyWithMax('90s'));

    const event = await followed.next();
    expect(event.kind).toBe('change');
    expect(followed.current().defaults.maxDuration?.seconds).toBe(90);
  });

  it('reports a bad edit with its line and keeps the last good policy', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, policyWithMax('60s'));
    const followed = follow(path, await loadPolicyFile(path));
    watcher = followed.watcher;

    await writeFile(path, 'defaults:\n  approval: none\n  maxDuration: soon\n');

    const event = await followed.next();
    expect(event.kind).toBe('error');
    expect(event.kind === 'error' && event.error).toBeInstanceOf(PolicyFileError);
    expect(event.kind === 'error' && event.error.message).toContain(`${path}:3:16: defaults.maxDuration: "soon" is not a duration`);
    expect(followed.current().defaults.maxDuration?.seconds).toBe(60);
    expect(followed.current().defaults.approval).toBe('required');

    await writeFile(path, policyWithMax('30s'));
    const fixed = await followed.next();
    expect(fixed.kind).toBe('change');
    expect(followed.current().defaults.maxDuration?.seconds).toBe(30);
  });

  it('follows a ConfigMap update, which swaps the ..data symlink', async () => {
    await mkdir(join(dir, '..2026_11_01_v1'));
    await writeFile(join(dir, '..2026_11_01_v1', 'policy.yaml'), policyWithMax('60s'));
    await symlink('..2026_11_01_v1', join(dir, '..data'));
    await symlink(join('..data', 'policy.yaml'), join(dir, 'policy.yaml'));
    const path = join(dir, 'policy.yaml');
    const followed = follow(path, await loadPolicyFile(path));
    watcher = followed.watcher;

    await mkdir(join(dir, '..2026_11_01_v2'));
    await writeFile(join(dir, '..2026_11_01_v2', 'policy.yaml'), policyWithMax('2m'));
    await symlink('..2026_11_01_v2', join(dir, '..data_tmp'));
    await rename(join(dir, '..data_tmp'), join(dir, '..data'));

    const event = await followed.next();
    expect(event.kind).toBe('change');
    expect(followed.current().defaults.maxDuration).toEqual({ seconds: 120, written: '2m' });
  });

  it('reports a file that disappeared and keeps the last good policy', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, policyWithMax('60s'));
    const followed = follow(path, await loadPolicyFile(path));
    watcher = followed.watcher;

    await unlink(path);

    const event = await followed.next();
    expect(event.kind === 'error' && event.error.message).toContain(`${path}: cannot read the policy file`);
    expect(followed.current().defaults.maxDuration?.seconds).toBe(60);
  });
});
