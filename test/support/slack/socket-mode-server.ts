import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { WebSocketServer, type WebSocket } from 'ws';

/** What the app sent back for one envelope: `{ envelope_id, payload? }`. */
export interface SocketAck {
  readonly envelopeId: string;
  readonly payload?: Readonly<Record<string, unknown>>;
  readonly elapsedMs: number;
}

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

interface Pending {
  readonly started: number;
  readonly resolve: (ack: SocketAck) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export interface SocketModeOptions {
  readonly appId: string;
  /** How often the server pings each connection, as Slack does; default 5000. */
  readonly pingIntervalMs?: number;
}

/** Slack's Socket Mode side: single-use ticket URLs, hello, envelopes, acks, disconnect and pings. */
export class SocketModeServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly connections: WebSocket[] = [];
  /** Connections told to disconnect: no new envelopes go to them. */
  private readonly draining = new WeakSet<WebSocket>();
  private readonly pending = new Map<string, Pending>();
  private readonly events = new EventEmitter();
  private readonly pinger: NodeJS.Timeout;

  constructor(private readonly options: SocketModeOptions) {
    this.pinger = setInterval(() => {
      for (const socket of this.connections) socket.ping(Buffer.from(`ping-${Date.now()}`));
    }, options.pingIntervalMs ?? 5000);
    this.pinger.unref();
  }

  /** What apps.connections.open returns: a URL with a fresh ticket on this server. */
  issueUrl(baseWsUrl: string): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${baseWsUrl}/link/?ticket=${ticket}&app_id=${this.options.appId}`;
  }

  /** Open connections that take envelopes. */
  get connectionCount(): number {
    return this.live().length;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const ticket = new URL(req.url ?? '/', 'http://stand-in').searchParams.get('ticket') ?? '';
    if (!this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  /** Resolves once a connection has received hello (at once if one has). */
  async waitForConnection(timeoutMs = 5000): Promise<void> {
    if (this.live().length > 0) return;
    await once(this.events, 'connected', { signal: AbortSignal.timeout(timeoutMs) }).catch(() => {
      throw new Error(`Slack stand-in: no Socket Mode connection within ${timeoutMs} ms`);
    });
  }

  /** Resolves when a client answers one of the server's pings. */
  async waitForPong(timeoutMs = 5000): Promise<void> {
    await once(this.events, 'pong', { signal: AbortSignal.timeout(timeoutMs) }).catch(() => {
      throw new Error(`Slack stand-in: no pong within ${timeoutMs} ms`);
    });
  }

  /** Sends an envelope to the newest connection and resolves with the app's ack. */
  async send(type: EnvelopeType, payload: object, options: { acceptsResponsePayload: boolean; timeoutMs: number }): Promise<SocketAck> {
    await this.waitForConnection(options.timeoutMs);
    const socket = this.live().at(-1);
    if (!socket) throw new Error('Slack stand-in: no Socket Mode connection');
    const envelopeId = randomUUID();
    const acked = new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`Slack stand-in: no ack for ${type} envelope within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      this.pending.set(envelopeId, { started: performance.now(), resolve, reject, timer });
    });
    socket.send(JSON.stringify({ envelope_id: envelopeId, payload, type, accepts_response_payload: options.acceptsResponsePayload }));
    return acked;
  }

  /** Asks every connection to reconnect, as Slack does before recycling a host. */
  disconnectAll(reason = 'refresh_requested'): void {
    for (const socket of this.live()) {
      this.draining.add(socket);
      socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'stand-in' } }));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.pinger);
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error('Slack stand-in closed'));
      this.pending.delete(id);
    }
    const closed = this.connections.map((socket) => once(socket, 'close').catch(() => undefined));
    for (const socket of this.connections) socket.terminate();
    await Promise.all(closed);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private live(): WebSocket[] {
    return this.connections.filter((socket) => socket.readyState === socket.OPEN && !this.draining.has(socket));
  }

  private accept(socket: WebSocket): void {
    this.connections.push(socket);
    socket.on('close', () => {
      const index = this.connections.indexOf(socket);
      if (index >= 0) this.connections.splice(index, 1);
    });
    socket.on('pong', () => this.events.emit('pong'));
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.onMessage(data.toString());
    });
    socket.send(JSON.stringify({
      type: 'hello',
      num_connections: this.live().length,
      debug_info: { host: 'stand-in', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: this.options.appId },
    }));
    this.events.emit('connected');
  }

  private onMessage(text: string): void {
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (typeof message.envelope_id !== 'string') return;
    const pending = this.pending.get(message.envelope_id);
    if (!pending) return;
    this.pending.delete(message.envelope_id);
    clearTimeout(pending.timer);
    const payload = typeof message.payload === 'object' && message.payload !== null ? (message.payload as Record<string, unknown>) : undefined;
    pending.resolve({ envelopeId: message.envelope_id, payload, elapsedMs: performance.now() - pending.started });
  }
}
