import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCapturebot, type CapturebotProcess } from '../test/support/capturebot-process.js';
import { parseDockerfile } from '../test/support/dockerfile.js';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Starts capturebot processes the way the benchmark decided to run them. */
export interface CapturebotLauncher {
  /** dist: compiled with tsconfig.build.json and run as the image runs it; tsx: the sources, as the tests do. */
  readonly build: 'dist' | 'tsx';
  /** The NODE_OPTIONS of the dist build. */
  readonly nodeOptions?: string;
  start(role: 'bot' | 'worker' | 'all', env: Record<string, string>): Promise<CapturebotProcess>;
  close(): Promise<void>;
}

/**
 * Compiles src/ into a temporary directory (not the repository's dist/, which others may be
 * using) beside a link to node_modules, so `node <dir>/dist/main.js` resolves packages as in the image.
 */
async function compile(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'capturebot-bench-build-'));
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(dir, 'dist')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const main = path.join(dir, 'dist', 'main.js');
  const built = await stat(main).then(
    () => true,
    () => false,
  );
  if (!built) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`tsc did not build ${main}:\n${result.stdout}${result.stderr}`);
  }
  // tsc still emits when some file has a type error; the run goes on, and says so.
  if (result.status !== 0) process.stderr.write(`bench: tsc reported errors but emitted a build:\n${result.stdout.slice(0, 2000)}\n`);
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  await copyFile(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  return dir;
}

/**
 * The NODE_OPTIONS the image runs with (its runtime stage's ENV), so the benchmark measures the
 * same V8 flags; BENCH_NODE_OPTIONS, when set, replaces them to try others.
 */
export async function imageNodeOptions(): Promise<string> {
  if (process.env.BENCH_NODE_OPTIONS !== undefined) return process.env.BENCH_NODE_OPTIONS;
  const runtime = parseDockerfile(await readFile(path.join(ROOT, 'Dockerfile'), 'utf8')).at(-1);
  for (const env of (runtime?.instructions ?? []).filter((i) => i.keyword === 'ENV').reverse()) {
    const match = /(?:^|\s)NODE_OPTIONS=(?:"([^"]*)"|(\S*))/.exec(env.args);
    if (match) return match[1] ?? match[2] ?? '';
  }
  return '';
}

export async function prepareLauncher(build: 'dist' | 'tsx'): Promise<CapturebotLauncher> {
  if (build === 'tsx') {
    return { build, start: (role, env) => startCapturebot(role, env), close: async () => {} };
  }
  const dir = await compile();
  const entry = [path.join(dir, 'dist', 'main.js')];
  const nodeOptions = await imageNodeOptions();
  return {
    build,
    nodeOptions,
    // As in the image: NODE_ENV, NODE_OPTIONS and the compiled entry point.
    start: (role, env) => startCapturebot(role, { NODE_ENV: 'production', NODE_OPTIONS: nodeOptions, ...env }, { entry }),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
