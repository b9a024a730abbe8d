import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifyS3Request, s3ErrorXml } from './s3-operation.js';
import type { S3Operation } from './s3-operation.js';
import { answerMultipartExtra, isMultipartExtra } from './s3rver-multipart-extras.js';

/** What a faulty request gets: an S3 error status, or its TCP connection reset. */
export type S3Fault = { readonly status: 500 | 503 } | { readonly reset: true };

/** One request as the front door saw it: its operation, its key, and the server-side encryption it asked for. */
export interface S3RequestRecord {
  readonly operation: S3Operation;
  readonly key: string;
  /** The request's x-amz-server-side-encryption* headers. */
  readonly encryption: Readonly<Record<string, string>>;
}

interface ArmedFault {
  readonly operation: S3Operation;
  readonly fault: S3Fault;
  remaining: number;
}

const ERRORS = {
  500: ['InternalError', 'We encountered an internal error. Please try again.'],
  503: ['SlowDown', 'Please reduce your request rate.'],
} as const;

/** Where an upload of a key begins and where it ends (the response to these has been sent). */
const UPLOAD_BEGINS = new Set<S3Operation>(['PutObject', 'CreateMultipartUpload']);
const UPLOAD_ENDS = new Set<S3Operation>(['PutObject', 'CompleteMultipartUpload', 'AbortMultipartUpload']);

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'expect']);

/**
 * An HTTP front for s3rver: passes requests through unchanged, answers the multipart operations
 * s3rver lacks, and fails chosen operations on the wire, as S3 or a network fault would.
 */
export class S3FrontDoor {
  readonly #server = http.createServer((req, res) => void this.#handle(req, res));
  readonly #agent = new http.Agent({ keepAlive: true });
  readonly #faults: ArmedFault[] = [];
  readonly #seen = new Map<S3Operation, number>();
  readonly #log: S3RequestRecord[] = [];
  /** Keys with an upload begun and not yet completed or aborted. */
  readonly #uploading = new Set<string>();
  #peakUploads = 0;
  /** Set: requests of these operations wait (before reaching s3rver) until the hold is released. */
  #hold: { readonly operations: ReadonlySet<S3Operation>; readonly released: Promise<void> } | undefined;
  #port = 0;

  constructor(
    private readonly upstreamPort: number,
    private readonly storeDir: string,
  ) {}

  async listen(): Promise<number> {
    this.#server.listen(this.#port, '127.0.0.1');
    await once(this.#server, 'listening');
    this.#port = (this.#server.address() as AddressInfo).port;
    return this.#port;
  }

  /** Closes the listening socket and every open connection: clients then see connection refused. */
  async stop(): Promise<void> {
    if (!this.#server.listening) return;
    const closed = once(this.#server, 'close');
    this.#server.close();
    this.#server.closeAllConnections();
    await closed;
  }

  async close(): Promise<void> {
    await this.stop();
    this.#agent.destroy();
  }

  arm(operation: S3Operation, fault: S3Fault, times: number): void {
    this.#faults.push({ operation, fault, remaining: times });
  }

  /** How many requests of this operation reached the front door, faulty ones included. */
  seen(operation: S3Operation): number {
    return this.#seen.get(operation) ?? 0;
  }

  /** The most uploads (distinct keys between their first and last request) that were under way at once. */
  get peakConcurrentUploads(): number {
    return this.#peakUploads;
  }

  /** Requests of these operations that arrive from now on wait until the returned function is called. */
  hold(operations: readonly S3Operation[]): () => void {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#hold = { operations: new Set(operations), released };
    return () => {
      this.#hold = undefined;
      release();
    };
  }

  /** Every request that reached the front door, in order. */
  get requests(): readonly S3RequestRecord[] {
    return this.#log;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = classifyS3Request(req);
    this.#seen.set(request.operation, this.seen(request.operation) + 1);
    const encryption = Object.fromEntries(
      Object.entries(req.headers).flatMap(([name, value]) => (name.startsWith('x-amz-server-side-encryption') && typeof value === 'string' ? [[name, value]] : [])),
    );
    this.#log.push({ operation: request.operation, key: request.key, encryption });
    if (UPLOAD_BEGINS.has(request.operation)) {
      this.#uploading.add(request.key);
      this.#peakUploads = Math.max(this.#peakUploads, this.#uploading.size);
    }
    if (UPLOAD_ENDS.has(request.operation)) res.once('close', () => this.#uploading.delete(request.key));
    const hold = this.#hold;
    if (hold?.operations.has(request.operation)) await hold.released;
    const armed = this.#faults.find((f) => f.operation === request.operation && f.remaining > 0);
    try {
      if (armed) {
        armed.remaining -= 1;
        await drain(req);
        failRequest(req, res, armed.fault);
      } else if (isMultipartExtra(request)) {
        await drain(req);
        await answerMultipartExtra(this.storeDir, request, res);
      } else {
        this.#forward(req, res);
      }
    } catch {
      res.destroy();
    }
  }

  #forward(req: IncomingMessage, res: ServerResponse): void {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
    if (req.headers['transfer-encoding']) headers['transfer-encoding'] = req.headers['transfer-encoding'];
    const upstream = http.request(
      { host: '127.0.0.1', port: this.upstreamPort, method: req.method, path: req.url, headers, agent: this.#agent },
      (answer) => {
        const raw: string[] = [];
        for (let i = 0; i < answer.rawHeaders.length; i += 2) {
          const name = answer.rawHeaders[i]!;
          if (!HOP_BY_HOP.has(name.toLowerCase())) raw.push(name, answer.rawHeaders[i + 1]!);
        }
        res.writeHead(answer.statusCode ?? 502, raw);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.on('error', () => upstream.destroy());
    req.pipe(upstream);
  }
}

async function drain(req: IncomingMessage): Promise<void> {
  if (req.readableEnded) return;
  req.resume();
  await once(req, 'end');
}

function failRequest(req: IncomingMessage, res: ServerResponse, fault: S3Fault): void {
  if ('reset' in fault) {
    req.socket.resetAndDestroy();
    return;
  }
  const [code, message] = ERRORS[fault.status];
  const requestId = randomUUID();
  res.writeHead(fault.status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId });
  res.end(req.method === 'HEAD' ? undefined : s3ErrorXml(code, message, requestId));
}
