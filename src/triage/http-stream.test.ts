import { describe, expect, it } from 'vitest';
import { followEndpoint } from './http-stream.js';
import type { IoEvent } from './io-event.js';
import { savedIoEvents } from './testdata/outputs.js';

// python3's end of haproxy's first backend connection: it reads the request (#29), writes the answer (#33).
const events = savedIoEvents('balancer-502');
const backend = events.filter((event) => event.process.name === 'python3' && event.connectionName === '10.40.1.6:40122->10.40.3.4:8080');
const [request, answer] = backend as [IoEvent, IoEvent];

/** The same event carrying other bytes: every variant below starts from real events of the trace. */
function carrying(event: IoEvent, bytes: string, options: { num?: number; length?: number } = {}): IoEvent {
  const data = Buffer.from(bytes, 'latin1');
  return { ...event, num: options.num ?? event.num, data, length: options.length ?? data.length };
}

describe('followEndpoint', () => {
  it('pairs the request a server read with the answer it wrote', () => {
    const [exchange, ...rest] = followEndpoint(backend);
    expect(rest).toEqual([]);
    expect(exchange).toMatchObject({
      role: 'server',
      request: { method: 'GET', target: '/getticket', host: '10.40.1.6', at: request.time },
      response: { code: 200, reason: 'OK', at: answer.time },
      problems: [{ kind: 'malformed-header', line: 'text/plain: Content-type', message: 'response', eventNum: 33, cutAtSnaplen: false }],
    });
  });

  it('takes the side that wrote the request as the client', () => {
    const haproxy = events.filter((event) => event.process.name === 'haproxy' && event.connectionName === '10.40.1.6:40122->10.40.3.4:8080');
    expect(followEndpoint(haproxy)).toMatchObject([{ role: 'client', response: { code: 200 } }]);
  });

  it('continues a head that one write left unfinished with the next write', () => {
    const head = answer.data.toString('latin1');
    const split = head.indexOf('Date:');
    const exchanges = followEndpoint([request, carrying(answer, head.slice(0, split)), carrying(answer, head.slice(split), { num: 34 })]);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.response?.code).toBe(200);
    expect(exchanges[0]?.problems).toEqual([{ kind: 'malformed-header', line: 'text/plain: Content-type', message: 'response', eventNum: 33, cutAtSnaplen: false }]);
  });

  it('reports truncated headers when the head never ends', () => {
    const exchanges = followEndpoint([request, carrying(answer, 'HTTP/1.0 200 OK\r\nServer: BaseHTTP/0.6 Py')]);
    expect(exchanges[0]?.problems).toEqual([{ kind: 'truncated-headers', line: 'Server: BaseHTTP/0.6 Py', message: 'response', eventNum: 33, cutAtSnaplen: false }]);
  });

  it('reports truncated headers when the next request comes before the head ends', () => {
    const next = carrying(request, request.data.toString('latin1'), { num: 35 });
    const exchanges = followEndpoint([request, carrying(answer, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n'), next]);
    expect(exchanges).toHaveLength(2);
    expect(exchanges[0]?.problems.map((problem) => problem.kind)).toEqual(['truncated-headers']);
  });

  it('does not blame the server for bytes the snaplen kept out', () => {
    const cut = carrying(answer, answer.data.toString('latin1').slice(0, 40), { length: answer.length });
    const exchanges = followEndpoint([request, cut]);
    expect(exchanges[0]?.response?.code).toBe(200);
    expect(exchanges[0]?.problems).toEqual([]);
  });

  it('reports an answer without a status line', () => {
    const exchanges = followEndpoint([request, carrying(answer, 'text/plain: Content-type\r\n\r\n{"ticket": "9f1c2e"}')]);
    expect(exchanges[0]?.response).toEqual({ at: answer.time });
    expect(exchanges[0]?.problems.map(({ kind, line }) => ({ kind, line }))).toEqual([{ kind: 'missing-status-line', line: 'text/plain: Content-type' }]);
  });

  it('waits past an interim 100 Continue for the final answer', () => {
    const exchanges = followEndpoint([request, carrying(answer, 'HTTP/1.1 100 Continue\r\n\r\n', { num: 30 }), answer]);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.response?.code).toBe(200);
  });

  it('ignores body bytes that follow an answer', () => {
    const body = carrying(answer, '{"ticket": "9f1c2e"}\n', { num: 35 });
    expect(followEndpoint([request, answer, body])).toHaveLength(1);
  });

  it('keeps an answer whose request came before the capture began', () => {
    expect(followEndpoint([answer])).toMatchObject([{ role: 'server', response: { code: 200 } }]);
    expect(followEndpoint([answer])[0]?.request).toBeUndefined();
  });

  it('stops reading HTTP once the connection switched protocols', () => {
    const upgrade = carrying(answer, 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n');
    const frame = carrying(request, '\u0081\u0005hello\nGET / HTTP/1.1\r\n', { num: 40 });
    expect(followEndpoint([request, upgrade, frame])).toMatchObject([{ response: { code: 101 } }]);
  });
});
