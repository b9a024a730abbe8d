import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort } from './capturebot-process.js';

/** A redis-server of a test's own, with nothing persisted, to stop and start as an outage. */
export interface OwnRedis {
  readonly url: string;
  /** SIGKILL: the server is gone at once, as in a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const probe = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 50, lazyConnect: true });
    probe.on('error', () => {});
    try {
      for (let i = 0; i < 100; i += 1) {
        if ((await probe.ping().catch(() => '')) === 'PONG') return;
        await sleep(50);
      }
      throw new Error(`redis-server did not answer on port ${port}`);
    } finally {
      probe.disconnect();
    }
  };
  const kill = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url, kill, start, close: kill };
}
