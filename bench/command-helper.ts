import { once } from 'node:events';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CommandLauncher } from '../test/support/kube/index.js';
import { FrameKind, FrameReader, type HelperRequest } from './command-helper-wire.js';
import { endStandIn, spawnStandIn } from './stand-in-process.js';

const MAIN = fileURLToPath(new URL('./command-helper-main.ts', import.meta.url));

interface Running {
  readonly stdout: Readable;
  readonly stderr: Readable;
  paused: boolean;
  resolve(code: number): void;
  reject(reason: Error): void;
}

export interface CommandHelper {
  readonly launch: CommandLauncher;
  close(): Promise<void>;
}

/**
 * Starts the Kubernetes stand-in's exec binaries (the real sysdig, for triage) from a small process
 * of its own. Spawning forks the caller, and forking the few-hundred-MB bench process stalls every
 * stand-in on its event loop for 15–30 ms per spawn; on a real node, the container runtime does this
 * on the node, not on the worker's path (BENCHMARKS.md, method).
 */
export async function startCommandHelper(): Promise<CommandHelper> {
  const child = spawnStandIn(MAIN);
  await once(child, 'spawn');
  const running = new Map<number, Running>();
  let nextId = 1;
  const send = (request: HelperRequest) => child.stdin.write(`${JSON.stringify(request)}\n`);

  const reader = new FrameReader((kind, id, payload) => {
    const command = running.get(id);
    if (!command) return;
    if (kind === FrameKind.Stdout) {
      if (!command.stdout.push(payload) && !command.paused) {
        command.paused = true;
        send({ pause: id });
      }
    } else if (kind === FrameKind.Stderr) {
      command.stderr.push(payload);
    } else {
      running.delete(id);
      command.stdout.push(null);
      command.stderr.push(null);
      if (kind === FrameKind.Exited) command.resolve(Number(payload.toString()));
      else command.reject(new Error(payload.toString()));
    }
  });
  child.stdout.on('data', (chunk: Buffer) => reader.push(chunk));
  child.once('exit', (code) => {
    for (const [id, command] of running) {
      running.delete(id);
      command.stdout.destroy();
      command.stderr.destroy();
      command.reject(new Error(`bench: the command helper exited (${String(code)})`));
    }
  });

  const launch: CommandLauncher = (file, args) => {
    const id = nextId++;
    const stdout = new Readable({
      read() {
        const command = running.get(id);
        if (command?.paused) {
          command.paused = false;
          send({ resume: id });
        }
      },
    });
    const stderr = new Readable({ read() {} });
    const exited = new Promise<number>((resolve, reject) => running.set(id, { stdout, stderr, paused: false, resolve, reject }));
    send({ start: id, file, args: [...args] });
    return { stdout, stderr, exited, kill: () => send({ kill: id }) };
  };

  return {
    launch,
    close: () => endStandIn(child),
  };
}
