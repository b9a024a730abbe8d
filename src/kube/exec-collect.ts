import type { KubeConfig } from '@kubernetes/client-node';
import type { PodCommandOptions, PodCommandOutput } from '../worker/ports.js';
import { execStdout, type ExecTarget } from './exec-stream.js';

/**
 * Runs a command through pods/exec and collects its stdout as text, up to
 * maxOutputBytes: past that the stream is closed (which ends the command) and
 * the output is marked cut. Rejects when the command fails, the connection
 * drops, the timeout passes or the signal fires.
 */
export function execCollect(kc: KubeConfig, target: ExecTarget, options: PodCommandOptions): Promise<PodCommandOutput> {
  return new Promise<PodCommandOutput>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const stream = execStdout(kc, target);
    const finish = (outcome: { output: PodCommandOutput } | { error: Error }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      stream.destroy();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.output);
    };
    const text = () => Buffer.concat(chunks).toString('utf8');
    const onAbort = () => finish({ error: new Error(`${target.command[0] ?? 'command'} in ${target.pod} was cancelled`) });
    const timer = setTimeout(
      () => finish({ error: new Error(`${target.command[0] ?? 'command'} in ${target.pod} did not finish within ${Math.round(options.timeoutMs / 1000)}s`) }),
      options.timeoutMs,
    );
    timer.unref();
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    stream.on('data', (chunk: Buffer) => {
      const room = options.maxOutputBytes - bytes;
      if (chunk.length <= room) {
        chunks.push(chunk);
        bytes += chunk.length;
        return;
      }
      chunks.push(chunk.subarray(0, room));
      bytes += room;
      finish({ output: { stdout: text(), cut: true } });
    });
    stream.on('end', () => finish({ output: { stdout: text(), cut: false } }));
    stream.on('error', (error: Error) => finish({ error }));
  });
}
