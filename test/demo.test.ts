import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from './support/fixtures.js';
import { REDIS_URL } from './support/redis.js';

const ROOT = resolve(import.meta.dirname, '..');
const DEMO = 'node --import tsx scripts/demo.ts';

/** Runs the demo the way `npm run demo` does (node straight away, so a stuck run can be killed cleanly). */
function runDemo(): Promise<{ code: number | null; stdout: string }> {
  const [, ...args] = DEMO.split(' ');
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', REDIS_URL }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((done) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout });
    }),
  );
}

describe('npm run demo', () => {
  let result: { code: number | null; stdout: string };
  let downloaded: string | undefined;

  beforeAll(async () => {
    result = await runDemo();
    downloaded = /Downloaded through the presigned link: (\S+) \((\d+) bytes\)/.exec(result.stdout)?.[1];
  }, 120_000);

  afterAll(() => {
    if (downloaded) rmSync(resolve(ROOT, downloaded), { force: true });
  });

  it('is the script package.json runs', () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.demo).toBe(DEMO);
  });

  it('exits 0 and says clearly that it is a simulation, at the start and at the end', () => {
    expect(result.code, result.stdout).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/SIMULATION/);
    expect(lines.at(-1)).toMatch(/It was a simulation/);
  });

  it('runs the incident command, has a second person approve it, and prints the channel as it changes, stage by stage', () => {
    const out = result.stdout;
    expect(out).toContain('/capture ticket-balancer-5967c66fb4-qnzj6 -n ticket-generator 5s');
    const stages = ['asks to capture', 'clicks Approve', 'approved by @U0ONCALL', 'Queued', 'Starting capture pod on node', 'Capturing on node', 'Uploading the trace', 'replies in the thread', 'Done:'];
    const at = stages.map((s) => out.indexOf(s));
    expect(at.every((i) => i >= 0), out).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('ends with the downloaded file: its path and size, the trace byte for byte', () => {
    const size = /Downloaded through the presigned link: \S+ \((\d+) bytes\)/.exec(result.stdout)?.[1];
    const fixture = readFileSync(fixturePath('balancer-502.scap'));
    expect(downloaded).toMatch(/^\.demo\/capture-ticket-balancer-5967c66fb4-qnzj6-.*\.scap\.gz$/);
    expect(Number(size)).toBe(fixture.length);
    expect(readFileSync(resolve(ROOT, downloaded!)).equals(fixture)).toBe(true);
  });

  it('leaves nothing of its own in Redis', async () => {
    const prefix = /keys under (capturebot-demo-[0-9a-f]+):/.exec(result.stdout)?.[1];
    expect(prefix).toBeDefined();
    const redis = new Redis(REDIS_URL);
    try {
      expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
