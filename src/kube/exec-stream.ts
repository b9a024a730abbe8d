import { Readable, Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
// Not re-exported by the package index; needed to give the handler our own streams (see below).
import { WebSocketHandler, type WebSocketInterface } from '@kubernetes/client-node/dist/web-socket-handler.js';

export interface ExecTarget {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly command: readonly string[];
}

type Socket = Awaited<ReturnType<WebSocketInterface['connect']>>;

const STDERR_KEEP_BYTES = 4096;
const CLOSE_CHANNEL = 255;
const READ_HIGH_WATER_MARK = 1024 * 1024;

function describeConnectError(err: unknown, target: ExecTarget): Error {
  const message = err instanceof Error ? err.message : String((err as { message?: unknown })?.message ?? err);
  const status = /Unexpected server response: (\d+)/.exec(message)?.[1];
  const hint = status === '403' ? ` (capturebot's service account needs get and create on pods/exec in namespace ${target.namespace})` : '';
  return new Error(`could not exec in ${target.namespace}/${target.pod} (${target.container}): ${message}${hint}`, { cause: err });
}

/**
 * The stdout of a command run in a container, through pods/exec. The stream
 * ends when the command exits 0 and errors (with its stderr) when it fails or
 * the connection drops first. When the consumer falls behind, the socket is
 * paused, so memory stays flat however large the output.
 */
export function execStdout(kc: KubeConfig, target: ExecTarget): Readable {
  let socket: Socket | undefined;
  let pauseWanted = false;
  let finished = false;
  let stderrText = '';

  const output = new Readable({
    highWaterMark: READ_HIGH_WATER_MARK,
    read() {
      pauseWanted = false;
      if (socket?.isPaused) socket.resume();
    },
    destroy(err, callback) {
      finished = true;
      // Not close(): a paused socket would never read the server's close frame.
      socket?.terminate();
      callback(err);
    },
  });
  const fail = (reason: string): void => {
    if (finished) return;
    finished = true;
    const detail = stderrText.trim();
    output.destroy(new Error(detail ? `${reason}: ${detail}` : reason));
  };

  const stdout = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!finished && !output.push(chunk)) {
        pauseWanted = true;
        socket?.pause();
      }
      callback();
    },
  });
  const stderr = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      stderrText = (stderrText + chunk.toString('utf8')).slice(-STDERR_KEEP_BYTES);
      callback();
    },
  });
  for (const sink of [stdout, stderr]) sink.on('error', (err) => fail(`reading from ${target.pod} failed: ${err.message}`));
  // Own streams, so a v5 close frame ends these rather than process.stdout.
  const handler = new WebSocketHandler(kc, undefined, { stdin: Readable.from([]), stdout, stderr });
  const channels: WebSocketInterface = {
    connect: (path, textHandler, binaryHandler) =>
      handler.connect(path, textHandler, binaryHandler && ((channel, data) => channel === CLOSE_CHANNEL || binaryHandler(channel, data))),
  };

  const onStatus = (status: V1Status): void => {
    if (status.status === 'Success') {
      if (finished) return;
      finished = true;
      output.push(null);
      // Nothing more to buffer: let the close handshake that follows be read.
      if (socket?.isPaused) socket.resume();
      return;
    }
    fail(`${target.command.join(' ')} failed in ${target.pod} (${status.reason ?? status.status ?? 'no status'}${status.message ? `: ${status.message}` : ''})`);
  };

  new Exec(kc, channels)
    .exec(target.namespace, target.pod, target.container, [...target.command], stdout, stderr, null, false, onStatus)
    .then(
      (ws) => {
        socket = ws;
        if (finished) {
          ws.terminate();
          return;
        }
        if (pauseWanted) ws.pause();
        if (ws.readyState === ws.CLOSED) fail(`the exec stream from ${target.pod} closed before ${target.command.join(' ')} finished`);
        ws.on('close', () => fail(`the exec stream from ${target.pod} closed before ${target.command.join(' ')} finished`));
        ws.on('error', (err: Error) => fail(`the exec stream from ${target.pod} failed: ${err.message}`));
      },
      (err: unknown) => {
        if (finished) return;
        finished = true;
        output.destroy(describeConnectError(err, target));
      },
    );
  return output;
}
