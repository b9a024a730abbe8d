import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { exitCodeOf } from '../test/support/kube/command-launcher.js';
import { frame, FrameKind, type HelperRequest } from './command-helper-wire.js';

// The bench's command helper: starts the binaries the Kubernetes stand-in's execs run (see command-helper.ts).
const running = new Map<number, ChildProcess>();
const send = (kind: FrameKind, id: number, payload: Buffer) => process.stdout.write(frame(kind, id, payload));

function start(id: number, file: string, args: readonly string[]): void {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.set(id, child);
  let ended = false;
  const end = (kind: FrameKind, payload: string) => {
    if (ended) return;
    ended = true;
    running.delete(id);
    send(kind, id, Buffer.from(payload));
  };
  child.stdout.on('data', (chunk: Buffer) => send(FrameKind.Stdout, id, chunk));
  child.stderr.on('data', (chunk: Buffer) => send(FrameKind.Stderr, id, chunk));
  child.once('error', (e) => end(FrameKind.Failed, e.message));
  child.once('close', (code, signal) => end(FrameKind.Exited, String(exitCodeOf(code, signal))));
}

function handle(request: HelperRequest): void {
  if ('start' in request) start(request.start, request.file, request.args);
  else if ('kill' in request) running.get(request.kill)?.kill('SIGKILL');
  else if ('pause' in request) running.get(request.pause)?.stdout?.pause();
  else running.get(request.resume)?.stdout?.resume();
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => handle(JSON.parse(line) as HelperRequest));
lines.on('close', () => {
  for (const child of running.values()) child.kill('SIGKILL');
  process.exit(0);
});
