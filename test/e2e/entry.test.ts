import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../scripts/bundle.js';

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
  let meta: Metafile;

  beforeAll(async () => {
    out = mkdtempSync(join(ROOT, '.build-test-'));
    meta = await bundle(out);
  }, 120_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs as node dist/main.js and checks its settings', () => {
    const result = run([join(out, 'main.js'), 'worker'], { SLACK_BOT_TOKEN: 'xoxb-entry' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('capturebot: S3_BUCKET is required');
  });

  it('loads the worker with its Kubernetes client from the bundle', () => {
    const result = run([join(out, 'main.js'), 'worker'], { ...WORKER_ENV, KUBECONFIG: '/nonexistent/kubeconfig' });
    expect(result.stderr).toBe("capturebot: KUBECONFIG /nonexistent/kubeconfig cannot be loaded: ENOENT: no such file or directory, open '/nonexistent/kubeconfig'");
    expect(result.code).toBe(1);
  });

  // What a role loads is its entry chunk and every chunk that imports statically; the other role's
  // SDKs must stay in chunks only a dynamic import reaches (issue 15: the bot loads no cluster client).
  function packagesLoadedBy(wiring: string): Set<string> {
    const outputs = Object.entries(meta.outputs);
    const roleChunk = outputs.find(([, o]) => Object.keys(o.inputs).includes(wiring));
    const main = outputs.find(([, o]) => o.entryPoint === 'src/main.ts');
    if (!roleChunk || !main) throw new Error(`no chunk holds ${wiring}`);
    const loaded = new Set<string>();
    const visit = (file: string): void => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const i of meta.outputs[file]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(i.path);
    };
    visit(main[0]);
    visit(roleChunk[0]);
    const packages = [...loaded].flatMap((file) => Object.keys(meta.outputs[file]!.inputs));
    return new Set(packages.map((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1]).filter((p) => p !== undefined));
  }

  it('bundles the bot without the Kubernetes client or the AWS SDK, and the worker without Bolt', () => {
    const bot = packagesLoadedBy('src/wiring/bot.ts');
    const worker = packagesLoadedBy('src/wiring/worker.ts');
    expect(bot).toContain('@slack/bolt');
    expect([...bot].filter((p) => p.startsWith('@kubernetes/') || p.startsWith('@aws-sdk/'))).toEqual([]);
    expect(worker).toContain('@kubernetes/client-node');
    expect(worker).not.toContain('@slack/bolt');
    // The SDK comes with the first upload, link or bucket check (src/storage/lazy-s3-trace-store.ts).
    expect(worker).not.toContain('@aws-sdk/client-s3');
  });
});
