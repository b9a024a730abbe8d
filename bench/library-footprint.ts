import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The worker's heavy dependencies, each loaded alone in a fresh Node to see what it adds to RSS. */
const LIBRARIES: readonly (readonly [string, readonly string[]])[] = [
  ['@kubernetes/client-node', ['@kubernetes/client-node']],
  ['AWS SDK (client-s3, presigner)', ['@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner']],
  ['@slack/web-api', ['@slack/web-api']],
  ['bullmq + ioredis', ['bullmq', 'ioredis']],
  ['pino, zod, prom-client, yaml, ulid', ['pino', 'zod', 'prom-client', 'yaml', 'ulid']],
];

export interface Footprint {
  readonly name: string;
  readonly rssMB: number;
}

function rssAfterImporting(modules: readonly string[]): number {
  const code = `${modules.map((m) => `await import(${JSON.stringify(m)});`).join('')} globalThis.gc(); console.log(process.memoryUsage.rss());`;
  const result = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`could not import ${modules.join(', ')}: ${result.stderr}`);
  return Number(result.stdout.trim()) / 1e6;
}

/** RSS of an empty Node, then what each library adds on its own, then all of them together. */
export function libraryFootprint(): Footprint[] {
  const bare = rssAfterImporting([]);
  const each = LIBRARIES.map(([name, modules]) => ({ name: `+ ${name}`, rssMB: rssAfterImporting(modules) - bare }));
  const all = rssAfterImporting(LIBRARIES.flatMap(([, modules]) => modules));
  return [{ name: 'Node alone', rssMB: bare }, ...each, { name: 'Node with all of them', rssMB: all }];
}

export function footprintNote(footprint: readonly Footprint[]): string {
  const parts = footprint.map((f) => `${f.name} ${f.rssMB.toFixed(0)} MB`);
  return `what the idle RSS is made of (each library loaded alone in a fresh Node, RSS after a GC): ${parts.join('; ')}`;
}
