import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';

/** A real binary the stand-in started for an exec: its output streams and how it ended. */
export interface LaunchedCommand {
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** The exit code (128 + n for signal n); rejects with the reason when the binary could not start. */
  readonly exited: Promise<number>;
  kill(): void;
}

/** Starts a real binary with argv (no shell). */
export type CommandLauncher = (file: string, args: readonly string[]) => LaunchedCommand;

export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  return code ?? 128 + (signal ? constants.signals[signal] : 0);
}

/** Spawns from this process: the default, and right for the tests' small processes. */
export const spawnHere: CommandLauncher = (file, args) => {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(exitCodeOf(code, signal)));
  });
  return { stdout: child.stdout, stderr: child.stderr, exited, kill: () => child.kill('SIGKILL') };
};
