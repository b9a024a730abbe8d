import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '../..');

/** A free TCP port on loopback, for a process that must be told its port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** capturebot as a user runs it: `src/main.ts <role>` in its own process, logs on stdout. */
export interface CapturebotProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly logs: LogLine[];
  /** Everything it printed, as text, to check that no secret or link leaked. */
  readonly output: () => string;
  readonly waitForLog: (match: (line: LogLine) => boolean, timeoutMs?: number) => Promise<LogLine>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly stop: (signal?: NodeJS.Signals) => Promise<void>;
}

export interface StartOptions {
  readonly waitReady?: boolean;
  /** Node's arguments before the role; default the sources through tsx. The benchmarks pass a build (`dist/main.js`). */
  readonly entry?: readonly string[];
}

export async function startCapturebot(role: string, env: Record<string, string>, options: StartOptions = {}): Promise<CapturebotProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const entry = options.entry ?? ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, [...entry, role], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'debug', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const raw: string[] = [];
  const waiters = new Set<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (text) => {
      raw.push(text);
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        return;
      }
      logs.push(line);
      for (const waiter of waiters) {
        if (waiter.match(line)) {
          waiters.delete(waiter);
          waiter.resolve(line);
        }
      }
    });
  }
  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs = 15_000) => {
    const seen = logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((resolvePromise, reject) => {
      const waiter = { match, resolve: resolvePromise };
      waiters.add(waiter);
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`no matching log line within ${timeoutMs} ms; output:\n${raw.slice(-30).join('\n')}`));
      }, timeoutMs);
      void exited.then(() => {
        if (!waiters.has(waiter)) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        reject(new Error(`capturebot exited before the log line; output:\n${raw.slice(-30).join('\n')}`));
      });
      const original = waiter.resolve;
      waiter.resolve = (line) => {
        clearTimeout(timer);
        original(line);
      };
    });
  };
  const proc: CapturebotProcess = {
    child,
    port,
    logs,
    output: () => raw.join('\n'),
    waitForLog,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
  if (options.waitReady !== false) await waitForLog((l) => l.msg === 'capturebot started', 30_000);
  return proc;
}
