import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';

export type StandInProcess = ChildProcessByStdio<Writable, Readable, null>;

/** Runs a bench-side stand-in's entry (a .ts file) in a Node process of its own; it ends when its stdin does. */
export function spawnStandIn(main: string): StandInProcess {
  return spawn(process.execPath, ['--import', 'tsx', main], { stdio: ['pipe', 'pipe', 'inherit'] });
}

export async function endStandIn(child: StandInProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.stdin.end();
  await exited;
}
