import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { CommandLauncher } from './command-launcher.js';
import { startCommand } from './exec-commands.js';
import { runExecSession } from './exec-session.js';
import type { ExecSessions } from './exec-sessions.js';
import { refuseUpgrade } from './http-io.js';
import type { WirePod } from './kube-types.js';
import type { ObjectStore } from './object-store.js';
import type { PodFilesystems } from './pod-filesystem.js';
import { pickContainer } from './pod-log.js';
import type { RequestInfo } from './request-info.js';
import { badRequest, notFound } from './status-body.js';
import type { StatusBody } from './status-body.js';

/** Subprotocols of the remote command websocket, newest first; v5 adds the stream-close signal. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'] as const;

export interface ExecDeps {
  readonly store: ObjectStore;
  readonly filesystems: PodFilesystems;
  readonly sessions: ExecSessions;
  readonly sysdigPath: string;
  readonly launch: CommandLauncher;
  /** The subprotocols this server speaks (a subset of EXEC_PROTOCOLS, to play an older server). */
  readonly protocols: readonly string[];
  readonly frameBytes: number;
  readonly highWaterMark: number;
}

function offered(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
}

/** The refusal the API server (or the kubelet behind it) gives before switching protocols, if any. */
function refusal(pod: WirePod | undefined, info: RequestInfo, deps: ExecDeps, req: IncomingMessage): StatusBody | { container: string } {
  if (!pod) return notFound({ resource: 'pods', namespace: info.namespace, name: info.pathName });
  if (info.query.getAll('command').length === 0) return badRequest('you must specify at least 1 command');
  const picked = pickContainer(pod, info.query.get('container'));
  if ('refusal' in picked) return badRequest(picked.refusal);
  if (!pod.spec?.nodeName) return badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  if (statuses.length === 0) return badRequest('pod does not exist');
  if (!statuses.find((s) => s.name === picked.name)?.state?.running) return badRequest(`container not found ("${picked.name}")`);
  const protocols = offered(req);
  if (!protocols.some((p) => deps.protocols.includes(p))) {
    return badRequest(`requested protocol(s) are not supported: [${protocols.join(' ')}]; supports [${deps.protocols.join(' ')}]`);
  }
  return { container: picked.name };
}

/** Accepts or refuses a pods/exec websocket upgrade, then runs the command in the pod's filesystem. */
export function createExecUpgrade(deps: ExecDeps): (req: IncomingMessage, socket: Duplex, head: Buffer, info: RequestInfo) => Promise<void> {
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (protocols) => [...protocols].find((p) => deps.protocols.includes(p)) ?? false,
  });
  return async (req, socket, head, info) => {
    const pod = deps.store.get('pods', info.namespace, info.pathName ?? '') as WirePod | undefined;
    const verdict = refusal(pod, info, deps, req);
    if ('code' in verdict || !pod) {
      refuseUpgrade(socket, 'code' in verdict ? verdict : notFound({ resource: 'pods', name: info.pathName }));
      return;
    }
    const view = await deps.filesystems.view(pod, verdict.container);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const argv = info.query.getAll('command');
      const proc = startCommand(argv, { view, sysdigPath: deps.sysdigPath, launch: deps.launch });
      const unregister = deps.sessions.add(pod.metadata.namespace, pod.metadata.name, () => proc.kill());
      const options = { frameBytes: deps.frameBytes, highWaterMark: deps.highWaterMark };
      const channels = { stdout: info.query.get('stdout') === 'true', stderr: info.query.get('stderr') === 'true' };
      void runExecSession(ws, proc, argv, { ...options, ...channels }).finally(unregister);
    });
  };
}
