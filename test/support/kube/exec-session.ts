import type { Readable } from 'node:stream';
import type { WebSocket } from 'ws';
import type { ExecProcess } from './exec-commands.js';

export const STDOUT_CHANNEL = 1;
export const STDERR_CHANNEL = 2;
export const STATUS_CHANNEL = 3;

export interface ExecSessionOptions {
  /** Largest payload per websocket message (the API server relays in 32 KiB pieces). */
  readonly frameBytes: number;
  /** Bytes queued on the socket above which reading the command's output pauses. */
  readonly highWaterMark: number;
  readonly stdout: boolean;
  readonly stderr: boolean;
}

/** The v1 Status the kubelet sends on channel 3 when the command ends. */
export function exitStatus(argv: readonly string[], exitCode: number): object {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

function sendFrame(ws: WebSocket, frame: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.send(frame, { binary: true }, (err) => (err ? reject(err) : resolve()));
  });
}

/**
 * Relays one stream as `[channel][bytes]` messages. Reading waits while the socket has more than
 * highWaterMark queued, so a slow reader slows the command down instead of filling memory.
 */
async function relay(ws: WebSocket, stream: Readable, channel: number, send: boolean, o: ExecSessionOptions): Promise<void> {
  for await (const chunk of stream) {
    if (!send) continue;
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    for (let at = 0; at < data.length; at += o.frameBytes) {
      if (ws.readyState !== ws.OPEN) return;
      const piece = data.subarray(at, at + o.frameBytes);
      const frame = Buffer.allocUnsafe(piece.length + 1);
      frame[0] = channel;
      piece.copy(frame, 1);
      const sent = sendFrame(ws, frame);
      if (ws.bufferedAmount > o.highWaterMark) await sent;
      else sent.catch(() => undefined);
    }
  }
}

/** Runs one exec over an accepted websocket: output frames, then the status frame, then a normal close. */
export async function runExecSession(ws: WebSocket, proc: ExecProcess, argv: readonly string[], o: ExecSessionOptions): Promise<void> {
  ws.on('close', () => proc.kill());
  // Input (channel 0, resize, the v5 close of stdin) is accepted and ignored: the commands read no stdin.
  ws.on('message', () => undefined);
  try {
    await Promise.all([relay(ws, proc.stdout, STDOUT_CHANNEL, o.stdout, o), relay(ws, proc.stderr, STDERR_CHANNEL, o.stderr, o)]);
  } catch {
    proc.kill();
  }
  const exitCode = await proc.exitCode;
  if (ws.readyState !== ws.OPEN) return;
  await sendFrame(ws, Buffer.concat([Buffer.from([STATUS_CHANNEL]), Buffer.from(JSON.stringify(exitStatus(argv, exitCode)))])).catch(() => undefined);
  ws.close(1000);
}
