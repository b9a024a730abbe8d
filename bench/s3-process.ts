import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { S3TestServer } from '../test/support/s3-server.js';
import { endStandIn, spawnStandIn } from './stand-in-process.js';

const MAIN = fileURLToPath(new URL('./s3-stand-in-main.ts', import.meta.url));

const notHere = (what: string) => (): never => {
  throw new Error(`bench: the S3 stand-in runs in its own process; ${what} is only in the tests' in-process stand-in`);
};

/**
 * The S3 stand-in in a process of its own: S3 is not on the worker's machine, and on one shared
 * event loop with the Kubernetes and Slack stand-ins its disk writes and hashing would hold up
 * every other stand-in, so the figures would measure the harness (BENCHMARKS.md, method).
 */
export async function startS3Process(): Promise<S3TestServer> {
  const child = spawnStandIn(MAIN);
  const lines = createInterface({ input: child.stdout });
  const [first] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(([code]) => Promise.reject(new Error(`bench: the S3 stand-in exited (${String(code)}) before listening`)))])) as [string];
  const where = JSON.parse(first) as Pick<S3TestServer, 'endpoint' | 'bucket' | 'region' | 'credentials' | 'dir'>;
  return {
    ...where,
    failRequests: notHere('failRequests'),
    resetConnections: notHere('resetConnections'),
    requestCount: notHere('requestCount'),
    requests: notHere('requests'),
    peakConcurrentUploads: notHere('peakConcurrentUploads'),
    hold: notHere('hold'),
    stop: notHere('stop'),
    restart: notHere('restart'),
    close: () => endStandIn(child),
  };
}
