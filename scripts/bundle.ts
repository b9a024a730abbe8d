// Bundles src/main.ts and the packages it uses into dist/ (`npm run build`; the image runs it).
//
// Why a bundle and not tsc's one file per module: @kubernetes/client-node alone is ~1,000
// modules (its generated models), which cost the worker ~70 MB of RSS loaded file by file and
// about half that bundled and tree-shaken; the worker's idle RSS went from ~150 to ~100 MB
// (issue 15, BENCHMARKS.md). Splitting keeps each role's dynamic import a chunk of its own, so the bot
// still never loads the Kubernetes client or the AWS SDK.
//
//   node --import tsx scripts/bundle.ts [--outdir DIR]   (default dist; the benchmark builds into a temp dir)
import { build, type Metafile } from 'esbuild';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '..');

// The bundled CommonJS packages (ioredis, ws, ...) call require() for Node's built-ins; ESM output
// has none, so every chunk gets one.
const REQUIRE_SHIM = "import { createRequire as __capturebotCreateRequire } from 'node:module'; const require = __capturebotCreateRequire(import.meta.url);";

/** Builds into outdir, emptied first; returns esbuild's metafile (which inputs went into which chunk). */
export async function bundle(outdir: string): Promise<Metafile> {
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/main.ts'],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    // Names stay, so stack traces in the logs still say which function threw.
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: false,
    // The maps are for reading a stack trace afterwards, or for NODE_OPTIONS=--enable-source-maps
    // while debugging: the image does not enable them, since loading the maps of every bundled
    // package costs each role ~90 MB of RSS (BENCHMARKS.md, issue 15).
    sourcemap: true,
    sourcesContent: false,
    banner: { js: REQUIRE_SHIM },
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}

if (process.argv[1] === import.meta.filename) {
  const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });
  await bundle(path.resolve(ROOT, values.outdir ?? 'dist'));
}
