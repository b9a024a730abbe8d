import { text } from 'node:stream/consumers';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCommandHelper, type CommandHelper } from '../bench/command-helper.js';
import { spawnHere, type CommandLauncher } from './support/kube/index.js';

async function slowlyCount(stream: NodeJS.ReadableStream): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += (chunk as Buffer).length;
    if (bytes < 4 * 1024 * 1024) await sleep(1);
  }
  return bytes;
}

// The bench starts the Kubernetes stand-in's binaries from a helper process; it must behave as a spawn here does.
describe('the bench command helper, beside a spawn from this process', () => {
  let helper: CommandHelper;
  beforeAll(async () => {
    helper = await startCommandHelper();
  });
  afterAll(async () => {
    await helper.close();
  });

  const launchers = (): [string, CommandLauncher][] => [
    ['helper', helper.launch],
    ['here', spawnHere],
  ];

  it('passes argv through untouched (no shell), with both output streams and the exit code', async () => {
    for (const [name, launch] of launchers()) {
      const run = launch('/bin/sh', ['-c', 'printf "%s|" "$0" "$1"; echo oops >&2; exit 3', 'a b', '$(id)']);
      const [out, err, code] = await Promise.all([text(run.stdout), text(run.stderr), run.exited]);
      expect({ out, err, code }, name).toEqual({ out: 'a b|$(id)|', err: 'oops\n', code: 3 });
    }
  });

  it('rejects with the reason when the binary does not exist', async () => {
    for (const [name, launch] of launchers()) {
      const run = launch('/nonexistent/sysdig', []);
      run.stdout.resume();
      run.stderr.resume();
      await expect(run.exited, name).rejects.toThrow(/ENOENT/);
    }
  });

  it('kills with SIGKILL: exit code 137', async () => {
    for (const [name, launch] of launchers()) {
      const run = launch('/bin/sleep', ['30']);
      run.stdout.resume();
      run.stderr.resume();
      setTimeout(() => run.kill(), 50);
      expect(await run.exited, name).toBe(137);
    }
  });

  it('delivers every byte of a large output to a slow reader', async () => {
    const run = helper.launch('/usr/bin/head', ['-c', String(20 * 1024 * 1024), '/dev/zero']);
    run.stderr.resume();
    const [bytes, code] = await Promise.all([slowlyCount(run.stdout), run.exited]);
    expect({ bytes, code }).toEqual({ bytes: 20 * 1024 * 1024, code: 0 });
  });

  it('runs many at once without mixing their outputs', async () => {
    const runs = Array.from({ length: 20 }, (_, i) => helper.launch('/usr/bin/seq', [String(i), String(i + 5000)]));
    const outs = await Promise.all(runs.map((r) => (r.stderr.resume(), text(r.stdout))));
    outs.forEach((out, i) => expect(out.split('\n')[0]).toBe(String(i)));
    outs.forEach((out, i) => expect(out.trimEnd().split('\n').at(-1)).toBe(String(i + 5000)));
  });
});
