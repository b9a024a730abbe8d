import { copyFile, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCapturebot, type CapturebotProcess } from '../test/support/capturebot-process.js';
import { parseDockerfile } from '../test/support/dockerfile.js';
import { bundle } from '../scripts/bundle.js';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Starts capturebot processes the way the benchmark decided to run them. */
export interface CapturebotLauncher {
  /** dist: built as the image builds it (npm run build) and run as the image runs it; tsx: the sources, as the tests do. */
  readonly build: 'dist' | 'tsx';
  /** The NODE_OPTIONS of the dist build. */
  readonly nodeOptions?: string;
  /** The image's allocator settings (MALLOC_*) the dist build runs with. */
  readonly mallocEnv?: Record<string, string>;
  start(role: 'bot' | 'worker' | 'all', env: Record<string, string>): Promise<CapturebotProcess>;
  close(): Promise<void>;
}

/**
 * Builds capturebot as the image does (`npm run build`: scripts/bundle.ts) into a temporary
 * directory, not the repository's dist/, which others may be using, beside a link to node_modules
 * and package.json, so `node <dir>/dist/main.js` runs as in the image.
 */
async function compile(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'capturebot-bench-build-'));
  try {
    await bundle(path.join(dir, 'dist'));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
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

/**
 * The glibc allocator settings of the image's runtime stage (MALLOC_ARENA_MAX and the like), which
 * change RSS as much as V8's flags do; BENCH_NODE_OPTIONS does not touch them.
 */
export async function imageMallocEnv(): Promise<Record<string, string>> {
  const runtime = parseDockerfile(await readFile(path.join(ROOT, 'Dockerfile'), 'utf8')).at(-1);
  const env: Record<string, string> = {};
  for (const instruction of (runtime?.instructions ?? []).filter((i) => i.keyword === 'ENV')) {
    for (const match of instruction.args.matchAll(/(?:^|\s)(MALLOC_[A-Z_]+)=(\S+)/g)) env[match[1]!] = match[2]!;
  }
  return env;
}

export async function prepareLauncher(build: 'dist' | 'tsx'): Promise<CapturebotLauncher> {
  if (build === 'tsx') {
    return { build, start: (role, env) => startCapturebot(role, env), close: async () => {} };
  }
  const dir = await compile();
  const entry = [path.join(dir, 'dist', 'main.js')];
  const nodeOptions = await imageNodeOptions();
  const mallocEnv = await imageMallocEnv();
  return {
    build,
    nodeOptions,
    mallocEnv,
    // As in the image: NODE_ENV, NODE_OPTIONS, the allocator's settings and the compiled entry point.
    start: (role, env) => startCapturebot(role, { NODE_ENV: 'production', NODE_OPTIONS: nodeOptions, ...mallocEnv, ...env }, { entry }),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
