import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function run(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: '/tmp', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim() };
}

const WORKER_ENV = { SLACK_BOT_TOKEN: 'xoxb-entry', S3_BUCKET: 'traces', S3_REGION: 'eu-west-1', PORT: '0', JOB_SIGNING_KEY: 'entry-test-signing-key-0123456789abcdef' };

describe('when capturebot starts with bad settings', () => {
  it.each([
    ['bot', {}, 'capturebot: SLACK_BOT_TOKEN is required'],
    ['worker', { SLACK_BOT_TOKEN: 'xoxb-entry' }, 'capturebot: S3_BUCKET is required'],
    ['worker', { ...WORKER_ENV, LINK_TTL: '30d' }, 'capturebot: LINK_TTL must be between 60s and 604800s (got 30d)'],
    ['all', { ...WORKER_ENV }, 'capturebot: SLACK_SIGNING_SECRET is required in HTTP mode (set it, or SLACK_APP_TOKEN for Socket Mode)'],
    ['worker', { ...WORKER_ENV, JOB_SIGNING_KEY: '' }, 'capturebot: JOB_SIGNING_KEY is required (or JOB_SIGNING_KEY_FILE)'],
    ['worker', { ...WORKER_ENV, KUBECONFIG: '/nonexistent/kubeconfig' }, 'capturebot: KUBECONFIG /nonexistent/kubeconfig cannot be loaded'],
    ['janitor', {}, 'capturebot: unknown role "janitor"; use one of bot, worker, all'],
  ] as const)('role %s with %j exits 1 with one line naming the problem', (role, env, line) => {
    const result = run(['--import', 'tsx', 'src/main.ts', role], env);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr.startsWith(line)).toBe(true);
    expect(result.stdout).toBe('');
  });
});

describe('when capturebot is built with npm run build', () => {
  let out: string;

  beforeAll(() => {
    out = mkdtempSync(join(ROOT, '.build-test-'));
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', out], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs as node dist/main.js and checks its settings', () => {
    const result = run([join(out, 'main.js'), 'worker'], { SLACK_BOT_TOKEN: 'xoxb-entry' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('capturebot: S3_BUCKET is required');
  });
});
