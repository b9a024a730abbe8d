import { describe, expect, it } from 'vitest';
import { parseHead, startOf } from './http-head.js';
import { savedIoEvents } from './testdata/outputs.js';

const crlf = (...lines: string[]) => lines.join('\r\n');

describe('startOf', () => {
  it('tells requests and responses from other bytes', () => {
    expect(startOf('GET /getticket HTTP/1.1\r\n')).toBe('request');
    expect(startOf('HTTP/1.0 502 Bad Gateway\r\n')).toBe('response');
    expect(startOf('{"ticket": "9f1c2e"}')).toBe('other');
    expect(startOf('GETTER')).toBe('other');
  });
});

describe('parseHead', () => {
  it('reads the status and finds the line whose field name is not a token, in real bytes from the trace', () => {
    const backendAnswer = savedIoEvents('balancer-502').find((event) => event.process.name === 'python3' && event.direction === 'write');
    const head = parseHead(backendAnswer?.data.toString('latin1') ?? '', 'response', false);
    expect(head.status).toEqual({ code: 200, reason: 'OK' });
    expect(head.complete).toBe(true);
    expect(head.problems).toEqual([{ kind: 'malformed-header', line: 'text/plain: Content-type', cutAtSnaplen: false }]);
  });

  it('accepts a well-formed response', () => {
    const proxyAnswer = savedIoEvents('balancer-502').find((event) => event.process.name === 'haproxy' && event.data.toString('latin1').startsWith('HTTP/1.0 502'));
    const head = parseHead(proxyAnswer?.data.toString('latin1') ?? '', 'response', false);
    expect(head).toEqual({ complete: true, status: { code: 502, reason: 'Bad Gateway' }, problems: [] });
  });

  it('reads a request line and its Host', () => {
    const head = parseHead(crlf('GET /getticket?id=7 HTTP/1.1', 'Host: 10.40.1.6', 'Accept: */*', '', ''), 'request', false);
    expect(head.request).toEqual({ method: 'GET', target: '/getticket?id=7', host: '10.40.1.6' });
    expect(head.problems).toEqual([]);
  });

  it('does not judge a line the snaplen cut short', () => {
    const cut = crlf('HTTP/1.1 200 OK', 'Date: Fri, 17 Aug 2018 17:35:48 GMT', 'Expires: -1', 'Cache-Control');
    const head = parseHead(cut, 'response', true);
    expect(head).toEqual({ complete: false, status: { code: 200, reason: 'OK' }, problems: [] });
  });

  it('reports a response without a status line', () => {
    const head = parseHead(crlf('text/plain: Content-type', '', '{"ticket": "9f1c2e"}'), 'response', false);
    expect(head.status).toBeUndefined();
    expect(head.problems).toEqual([{ kind: 'missing-status-line', line: 'text/plain: Content-type', cutAtSnaplen: false }]);
  });

  it('reports a status line that does not parse', () => {
    const head = parseHead(crlf('HTTP/1.1 OK', 'Server: x', '', ''), 'response', false);
    expect(head.problems).toEqual([{ kind: 'malformed-status-line', line: 'HTTP/1.1 OK', cutAtSnaplen: false }]);
  });

  it('reports whitespace between a field name and its colon, and a line without a colon', () => {
    const head = parseHead(crlf('HTTP/1.1 200 OK', 'Content-Type : text/plain', 'garbage', 'X-Ok: 1', '', ''), 'response', false);
    expect(head.problems.map((problem) => problem.line)).toEqual(['Content-Type : text/plain', 'garbage']);
  });

  it('lets an obsolete folded continuation line pass', () => {
    const head = parseHead(crlf('HTTP/1.1 200 OK', 'X-Long: a', '\tb', '', ''), 'response', false);
    expect(head.problems).toEqual([]);
  });

  it('reads bare line feeds as line ends', () => {
    const head = parseHead('HTTP/1.1 404 Not Found\nServer: x\n\n', 'response', false);
    expect(head).toEqual({ complete: true, status: { code: 404, reason: 'Not Found' }, problems: [] });
  });

  it('reports a request line that is not HTTP/1.x', () => {
    const head = parseHead(crlf('GET /a b HTTP/1.1', 'Host: x', '', ''), 'request', false);
    expect(head.problems).toEqual([{ kind: 'malformed-request-line', line: 'GET /a b HTTP/1.1', cutAtSnaplen: false }]);
  });
});
