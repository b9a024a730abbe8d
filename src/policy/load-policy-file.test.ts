import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyFile } from './load-policy-file.js';

describe('loadPolicyFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capturebot-policy-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads and validates the file', async () => {
    const path = join(dir, 'good.yaml');
    await writeFile(path, 'rules:\n  - namespaces: [kube-system]\n    deny: not here\n');
    const policy = await loadPolicyFile(path);
    expect(policy.rules).toEqual([
      { kind: 'deny', label: 'rule 1 (namespaces kube-system)', namespaces: ['kube-system'], reason: 'not here' },
    ]);
  });

  it('names the file, line and reason of a bad one', async () => {
    const path = join(dir, 'bad.yaml');
    await writeFile(path, 'defaults:\n  approvers: [oncall]\n');
    await expect(loadPolicyFile(path)).rejects.toThrow(`${path}:2:15: defaults.approvers[0]: "oncall" is not a Slack user id`);
  });

  it('refuses a missing file, naming it', async () => {
    const path = join(dir, 'missing.yaml');
    await expect(loadPolicyFile(path)).rejects.toThrow(`${path}: cannot read the policy file: ENOENT`);
  });
});
