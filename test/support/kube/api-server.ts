import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ContainerLogs } from './container-logs.js';
import type { FaultInjector } from './faults.js';
import { authorized, readBody, refuseUpgrade, sendJson, sendStatus } from './http-io.js';
import type { RequestRecord } from './kube-types.js';
import { servePodLog } from './pod-log.js';
import { resolveRequest, toRecord } from './request-info.js';
import type { RequestInfo } from './request-info.js';
import { serveRest } from './rest-handlers.js';
import type { RestDeps } from './rest-handlers.js';
import { badRequest, internalError, unauthorized, unknownPath } from './status-body.js';
import type { StatusBody } from './status-body.js';

function nameInBody(body: string): string | undefined {
  try {
    const name: unknown = (JSON.parse(body) as { metadata?: { name?: unknown } }).metadata?.name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

export interface ApiServerDeps {
  readonly token: string;
  readonly faults: FaultInjector;
  readonly record: (request: RequestRecord) => void;
  readonly rest: RestDeps;
  readonly logs: ContainerLogs;
  readonly execUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, info: RequestInfo) => Promise<void>;
}

/** The HTTP side: authentication, request recording, injected faults, then routing. Can stop and start again on its port. */
export class ApiServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  constructor(private readonly deps: ApiServerDeps) {}

  get listeningPort(): number {
    return this.port;
  }

  /** Listens on the port it had before (any free port the first time). */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendStatus(res, internalError(err instanceof Error ? err.message : String(err)));
        else res.destroy();
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.upgrade(req, socket, head).catch(() => socket.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and cuts every open connection (requests, watches, exec sockets), as a crashed API server would. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Authenticates, records and maybe fails the request; returns its info when it should be served. */
  private admit(req: IncomingMessage, body: string): RequestInfo | { refusal: StatusBody } {
    const info = resolveRequest(req.method ?? 'GET', req.url ?? '/');
    if (!authorized(req, this.deps.token)) return { refusal: unauthorized() };
    if (!info) return { refusal: unknownPath() };
    const record = toRecord(info);
    this.deps.record(record);
    const fault = this.deps.faults.take(record, info.verb === 'create' ? nameInBody(body) : undefined);
    return fault ? { refusal: fault } : info;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.url === '/version') return sendJson(res, 200, { major: '1', minor: '33', gitVersion: 'v1.33.1', platform: 'linux/amd64' });
    const body = await readBody(req);
    const admitted = this.admit(req, body);
    if ('refusal' in admitted) return sendStatus(res, admitted.refusal);
    const info = admitted;
    if (info.resource === 'pods' && info.subresource === 'log' && req.method === 'GET') {
      return servePodLog(res, info, this.deps.rest.store, this.deps.logs);
    }
    if (info.resource === 'pods' && info.subresource === 'exec') return sendStatus(res, badRequest('Upgrade request required'));
    return serveRest(req.method ?? 'GET', body, res, info, this.deps.rest);
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const admitted = this.admit(req, '');
    if ('refusal' in admitted) return refuseUpgrade(socket, admitted.refusal);
    if (admitted.resource !== 'pods' || admitted.subresource !== 'exec') return refuseUpgrade(socket, unknownPath());
    await this.deps.execUpgrade(req, socket, head, admitted);
  }
}
