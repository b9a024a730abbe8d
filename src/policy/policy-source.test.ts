import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PolicyFileError } from './policy-file-error.js';
import type { Policy } from './policy-schema.js';
import { openPolicySource, type PolicySource } from './policy-source.js';

describe('openPolicySource', () => {
  let dir: string;
  let file: string;
  let source: PolicySource | undefined;
  const reloaded: Policy[] = [];
  const rejected: Error[] = [];
  const events = { onReload: (policy: Policy) => reloaded.push(policy), onRejected: (error: Error) => rejected.push(error) };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capturebot-policy-source-'));
    file = join(dir, 'policy.yaml');
    reloaded.length = 0;
    rejected.length = 0;
  });

  afterEach(async () => {
    source?.close();
    source = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('has no policy without CAPTUREBOT_POLICY, which means the four-eyes default', async () => {
    source = await openPolicySource(undefined, events);
    expect(source.current()).toBeUndefined();
  });

  it('fails with the file, line and reason when the file is invalid', async () => {
    await writeFile(file, 'defaults:\n  approval: maybe\n');
    const error = await openPolicySource(file, events).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PolicyFileError);
    expect((error as Error).message).toMatch(new RegExp(`^${file}:2:\\d+: defaults.approval: `));
  });

  it('fails naming the file when it cannot be read', async () => {
    await expect(openPolicySource(join(dir, 'missing.yaml'), events)).rejects.toThrow(/missing\.yaml: cannot read the policy file/);
  });

  it('follows edits, and keeps the last good policy when an edit is invalid', async () => {
    await writeFile(file, 'defaults:\n  maxDuration: 60s\n');
    source = await openPolicySource(file, events, { debounceMs: 20 });
    expect(source.current()?.defaults.maxDuration?.seconds).toBe(60);

    await writeFile(file, 'defaults:\n  maxDuration: 30s\n');
    await expect.poll(() => source!.current()?.defaults.maxDuration?.seconds, { timeout: 5_000 }).toBe(30);
    expect(reloaded).toHaveLength(1);

    await writeFile(file, 'defaults:\n  maxDuration: [\n');
    await expect.poll(() => rejected.length, { timeout: 5_000 }).toBe(1);
    expect(rejected[0]).toBeInstanceOf(PolicyFileError);
    expect(source.current()?.defaults.maxDuration?.seconds).toBe(30);
  });
});
