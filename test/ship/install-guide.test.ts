import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/repo-root.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const deployReadme = readFileSync(join(REPO_ROOT, 'deploy/README.md'), 'utf8');
const serviceAccounts = readFileSync(join(REPO_ROOT, 'deploy/base/service-accounts.yaml'), 'utf8');

const guide = readme.slice(readme.indexOf('\n## Install on a cluster\n'), readme.indexOf("\n### The worker's IAM policy\n"));
const iamPolicy = JSON.parse(/```json\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf("\n### The worker's IAM policy\n")))![1]!) as {
  Statement: { Action: string[] }[];
};
const s3Actions = iamPolicy.Statement.flatMap((statement) => statement.Action).filter((action) => action.startsWith('s3:'));

describe('the install guide', () => {
  it('is a numbered checklist in which every step says how to check it', () => {
    const steps = guide.split(/\n(?=\d+\. \*\*)/).slice(1);
    expect(steps.length).toBeGreaterThanOrEqual(8);
    steps.forEach((step, index) => {
      expect(step.startsWith(`${index + 1}. `)).toBe(true);
      expect(step, step.slice(0, 60)).toMatch(/\*Check:\*/);
    });
  });

  it('gives a lifecycle rule that expires traces and aborts incomplete multipart uploads, as valid JSON', () => {
    const json = /```json\n([\s\S]*?)```/.exec(guide)?.[1];
    const lifecycle = JSON.parse(json!) as { Rules: Record<string, unknown>[] };
    expect(lifecycle.Rules[0]).toMatchObject({ Status: 'Enabled', Expiration: { Days: expect.any(Number) }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: expect.any(Number) } });
  });

  it('names every S3 action of the worker’s IAM policy in deploy/README.md and in the service account’s comment', () => {
    expect(s3Actions).toContain('s3:ListBucketMultipartUploads');
    for (const action of s3Actions) {
      expect(deployReadme, action).toContain(`\`${action}\``);
      expect(serviceAccounts, action).toContain(action);
    }
  });

  it('says how to replace the placeholder image name with kustomize images:', () => {
    const kustomization = readFileSync(join(REPO_ROOT, 'deploy/base/kustomization.yaml'), 'utf8');
    const placeholder = /newName: (\S+)/.exec(kustomization)?.[1];
    expect(guide).toContain(`\`${placeholder}\``);
    expect(guide).toContain('kustomize edit set image capturebot=REGISTRY/capturebot:TAG');
    expect(deployReadme).toContain('kustomize edit set image capturebot=REGISTRY/capturebot:TAG');
  });
});
