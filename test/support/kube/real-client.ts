import { AppsV1Api, CoreV1Api, Exec, KubeConfig, Log, Watch } from '@kubernetes/client-node';
import type { V1Status } from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import type { Readable } from 'node:stream';
import type { KubeStandIn } from './kube-stand-in-api.js';

/** The real @kubernetes/client-node, configured only through the stand-in's kubeconfig file. */
export function realClients(kube: Pick<KubeStandIn, 'kubeconfigPath'>) {
  const kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  return { kc, core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api), watch: new Watch(kc), exec: new Exec(kc), log: new Log(kc) };
}

class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk);
    done();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export interface ExecResult {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly status: V1Status;
  /** The negotiated websocket subprotocol. */
  readonly protocol: string;
}

/** Runs command through client-node's Exec and waits for the status message. */
export async function execCollect(
  exec: Exec,
  namespace: string,
  pod: string,
  container: string,
  command: string[],
  stdin: Readable | null = null,
): Promise<ExecResult> {
  const stdout = new Collector();
  const stderr = new Collector();
  let resolveStatus: (s: V1Status) => void = () => undefined;
  const status = new Promise<V1Status>((resolve) => {
    resolveStatus = resolve;
  });
  const ws = await exec.exec(namespace, pod, container, command, stdout, stderr, stdin, false, (s) => resolveStatus(s));
  const final = await status;
  return { stdout: stdout.bytes, stderr: stderr.bytes.toString('utf8'), status: final, protocol: ws.protocol };
}

export interface WatchEvent {
  readonly type: string;
  readonly object: { metadata?: { name?: string; resourceVersion?: string }; status?: Record<string, unknown>; code?: number; reason?: string };
}

export interface OpenWatch {
  readonly events: WatchEvent[];
  /** Settles with the error (or null) client-node hands to its done callback. */
  readonly done: Promise<unknown>;
  abort(): void;
}

export async function openWatch(watch: Watch, path: string, query: Record<string, string | number | boolean>): Promise<OpenWatch> {
  const events: WatchEvent[] = [];
  let finish: (err: unknown) => void = () => undefined;
  const done = new Promise<unknown>((resolve) => {
    finish = resolve;
  });
  const controller = await watch.watch(path, query, (type, object: WatchEvent['object']) => events.push({ type, object }), (err) => finish(err));
  return { events, done, abort: () => controller.abort() };
}
