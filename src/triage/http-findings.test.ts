import { describe, expect, it } from 'vitest';
import { analyseHttp } from './http-analyser.js';
import type { HttpExchange } from './http-exchange.js';
import { NO_RESPONSE, summariseHttp } from './http-findings.js';
import { savedIoEvents } from './testdata/outputs.js';

const balancer = analyseHttp(savedIoEvents('balancer-502'));

describe('summariseHttp', () => {
  it('counts answers by status', () => {
    const findings = summariseHttp(balancer);
    expect(findings.exchangeCount).toBe(10);
    expect(findings.byStatus).toEqual({ 200: 5, 502: 5 });
  });

  it('groups the 502s by endpoint and peer, and names the faulty upstream', () => {
    const [first] = summariseHttp(balancer).anomalies;
    expect(first).toMatchObject({
      kind: 'error-status',
      status: 502,
      reason: 'Bad Gateway',
      method: 'GET',
      path: '/getticket',
      count: 5,
      server: { ip: '10.40.1.6', port: 80, process: { name: 'haproxy', pod: 'ticket-balancer-5967c66fb4-qnzj6' } },
      client: { ip: '10.40.2.9' },
      upstream: { count: 5, status: 200, problems: ['malformed-header'], server: { ip: '10.40.3.4', port: 8080, process: { name: 'python3', pod: 'ticket-server-56c75bf88b-nqpcs' } } },
    });
  });

  it('quotes the malformed header once, attributed to the backend that sent it', () => {
    const malformed = summariseHttp(balancer).anomalies.filter((anomaly) => anomaly.kind === 'malformed-header');
    expect(malformed).toEqual([
      expect.objectContaining({
        message: 'response',
        quote: 'text/plain: Content-type',
        cutAtSnaplen: false,
        count: 5,
        firstEventNum: 43,
        sender: expect.objectContaining({ ip: '10.40.3.4', port: 8080, process: expect.objectContaining({ name: 'python3' }) }),
        receivers: [expect.objectContaining({ ip: '10.40.1.6', process: expect.objectContaining({ name: 'haproxy' }) })],
      }),
    ]);
  });

  it('lists routes with their statuses and latencies, busiest first', () => {
    const routes = summariseHttp(balancer).routes;
    expect(routes.map((route) => [route.server.port, route.method, route.path, route.byStatus])).toEqual([
      [80, 'GET', '/getticket', { 502: 5 }],
      [8080, 'GET', '/getticket', { 200: 5 }],
    ]);
    for (const route of routes) expect(route.latencyMs?.max).toBeGreaterThanOrEqual(route.latencyMs?.average ?? Infinity);
  });

  it('counts a request nobody answered', () => {
    const unanswered: HttpExchange = { ...(balancer[0] as HttpExchange), status: undefined, responseAt: undefined, reason: undefined };
    expect(summariseHttp([unanswered]).byStatus).toEqual({ [NO_RESPONSE]: 1 });
  });

  it('leaves the query string out of paths, and credentials out of quotes', () => {
    const base = balancer[1] as HttpExchange;
    const leaky: HttpExchange = {
      ...base,
      target: '/getticket?token=s3cr3t',
      status: 401,
      problems: [{ kind: 'malformed-header', message: 'request', line: 'Authorization : Bearer s3cr3t', cutAtSnaplen: false, eventNum: 27 }],
    };
    const findings = summariseHttp([leaky]);
    expect(JSON.stringify(findings)).not.toContain('s3cr3t');
    expect(findings.anomalies.map((anomaly) => (anomaly.kind === 'error-status' ? anomaly.path : anomaly.quote))).toEqual(['Authorization : [redacted]', '/getticket']);
  });

  it('finds nothing to report in a healthy exchange', () => {
    const findings = summariseHttp(analyseHttp(savedIoEvents('curl_google')));
    expect(findings.anomalies).toEqual([]);
    expect(findings.routes).toMatchObject([{ method: 'GET', path: '/', count: 1, byStatus: { 200: 1 }, server: { ip: '2607:f8b0:4004:802::2004', port: 80 } }]);
  });
});
