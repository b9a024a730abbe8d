import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { World } from '../../test/support/capturebot-harness.js';
import type { ProbeConfig, ProbeRun } from './probe-io.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Runs a probe in its own process (as the worker is its own process) and reads its measured runs. */
export async function runProbe(kind: 'raw' | 'product', world: World, config: Omit<ProbeConfig, 'kubeconfigPath' | 's3'>): Promise<ProbeRun[]> {
  const full: ProbeConfig = {
    ...config,
    kubeconfigPath: world.kube.kubeconfigPath,
    s3: { endpoint: world.s3.endpoint, bucket: world.s3.bucket, region: world.s3.region },
  };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', 'probe', `${kind}-upload.ts`)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      BENCH_PROBE: JSON.stringify(full),
      AWS_ACCESS_KEY_ID: world.s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: world.s3.credentials.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const runs: ProbeRun[] = [];
  let stderr = '';
  child.stderr!.on('data', (data: Buffer) => {
    stderr = (stderr + data.toString()).slice(-4000);
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('{')) runs.push(JSON.parse(line) as ProbeRun);
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0 || runs.length !== config.runs) throw new Error(`the ${kind} upload probe failed (exit ${code}):\n${stderr}`);
  return runs;
}

export const throughputMBps = (run: ProbeRun): number => run.bytes / 1e6 / (run.ms / 1000);
