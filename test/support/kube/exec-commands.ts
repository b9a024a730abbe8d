import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { constants } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CommandLauncher } from './command-launcher.js';
import type { ContainerView } from './pod-filesystem.js';

/** A command running "in" a container: its two output streams and its exit code. */
export interface ExecProcess {
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly exitCode: Promise<number>;
  /** SIGKILL: the container went away. */
  kill(): void;
}

export interface ExecEnvironment {
  readonly view: ContainerView;
  /** The real sysdig binary that `sysdig` in the container runs. */
  readonly sysdigPath: string;
  readonly launch: CommandLauncher;
}

const READ_CHUNK = 1024 * 1024;
const KILLED = 128 + constants.signals.SIGKILL;

type Builtin = (args: readonly string[], env: ExecEnvironment, out: Writable, err: Writable, signal: AbortSignal) => Promise<number>;

/** The file's size, or undefined (after writing the tool's complaint) when it is missing or a directory. */
async function fileSize(tool: string, file: string, env: ExecEnvironment, err: Writable): Promise<number | undefined> {
  try {
    const info = await stat(env.view.resolve(file));
    if (!info.isDirectory()) return info.size;
    err.write(`${tool}: ${file}: Is a directory\n`);
  } catch {
    err.write(tool === 'stat' ? `stat: cannot statx '${file}': No such file or directory\n` : `${tool}: ${file}: No such file or directory\n`);
  }
  return undefined;
}

const cat: Builtin = async (args, env, out, err, signal) => {
  let code = 0;
  for (const file of args) {
    if ((await fileSize('cat', file, env, err)) === undefined) {
      code = 1;
      continue;
    }
    await pipeline(createReadStream(env.view.resolve(file), { highWaterMark: READ_CHUNK }), out, { end: false, signal });
  }
  return code;
};

const sha256sum: Builtin = async (args, env, out, err, signal) => {
  let code = 0;
  for (const file of args) {
    if ((await fileSize('sha256sum', file, env, err)) === undefined) {
      code = 1;
      continue;
    }
    const hash = createHash('sha256');
    await pipeline(createReadStream(env.view.resolve(file), { highWaterMark: READ_CHUNK }), hash, { signal });
    out.write(`${hash.digest('hex')}  ${file}\n`);
  }
  return code;
};

/** `stat -c FORMAT FILE…` with the %s (size) and %n (name) directives. */
const statCommand: Builtin = async (args, env, out, err) => {
  const [flag, format, ...files] = args;
  if (flag !== '-c' || format === undefined || files.length === 0) {
    err.write('stat: the stand-in only knows `stat -c FORMAT FILE`\n');
    return 1;
  }
  let code = 0;
  for (const file of files) {
    const size = await fileSize('stat', file, env, err);
    if (size === undefined) code = 1;
    else out.write(`${format.replaceAll('%s', String(size)).replaceAll('%n', file)}\n`);
  }
  return code;
};

const BUILTINS: Readonly<Record<string, Builtin>> = { cat, sha256sum, stat: statCommand };

function builtinProcess(run: Builtin, args: readonly string[], env: ExecEnvironment): ExecProcess {
  const stdout = new PassThrough({ highWaterMark: READ_CHUNK });
  const stderr = new PassThrough();
  const killer = new AbortController();
  const exitCode = run(args, env, stdout, stderr, killer.signal)
    .catch(() => KILLED)
    .finally(() => {
      stdout.end();
      stderr.end();
    });
  return { stdout, stderr, exitCode, kill: () => killer.abort() };
}

/** The real sysdig, its argv's paths under the pod's volumes pointed at the stand-in's directories. No shell. */
function sysdigProcess(args: readonly string[], env: ExecEnvironment): ExecProcess {
  const child = env.launch(env.sysdigPath, args.map((a) => env.view.mapArgument(a)));
  const stderr = new PassThrough();
  child.stderr.pipe(stderr, { end: false });
  const exitCode = child.exited.then(
    (code) => {
      if (!stderr.writableEnded) stderr.end();
      return code;
    },
    (e: unknown) => {
      if (!stderr.writableEnded) stderr.end(`sysdig: ${e instanceof Error ? e.message : String(e)}\n`);
      return 127;
    },
  );
  return { stdout: child.stdout, stderr, exitCode, kill: () => child.kill() };
}

/** What the container runtime says when the binary is not in the image. */
function notFoundProcess(command: string): ExecProcess {
  const stdout = Readable.from([]);
  const message = `OCI runtime exec failed: exec failed: unable to start container process: exec: "${command}": executable file not found in $PATH: unknown\r\n`;
  return { stdout, stderr: Readable.from([Buffer.from(message)]), exitCode: Promise.resolve(126), kill: () => undefined };
}

/** Starts argv as the container would: builtins for cat, stat and sha256sum; the real binary for sysdig. */
export function startCommand(argv: readonly string[], env: ExecEnvironment): ExecProcess {
  const [command = '', ...args] = argv;
  const name = path.posix.basename(command);
  if (name === 'sysdig') return sysdigProcess(args, env);
  const builtin = BUILTINS[name];
  return builtin ? builtinProcess(builtin, args, env) : notFoundProcess(command);
}
