import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pseudoRandomStream } from '../test/support/pseudo-random-stream.js';

export const MiB = 1024 * 1024;

/**
 * A trace of exactly sizeMiB of deterministic, incompressible bytes, written chunk by chunk
 * (never held in memory) into dir. The kube stand-in hard-links it into each capture pod.
 */
export async function traceFile(dir: string, sizeMiB: number): Promise<string> {
  const file = path.join(dir, `trace-${sizeMiB}MiB.scap.gz`);
  const bytes = sizeMiB * MiB;
  const existing = await stat(file).catch(() => undefined);
  if (existing?.size === bytes) return file;
  await pipeline(pseudoRandomStream(bytes, `bench-${sizeMiB}`), createWriteStream(file));
  return file;
}

export function sizeLabel(sizeMiB: number): string {
  return sizeMiB >= 1024 && sizeMiB % 1024 === 0 ? `${sizeMiB / 1024} GiB` : `${sizeMiB} MiB`;
}
