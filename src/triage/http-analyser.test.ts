import { describe, expect, it } from 'vitest';
import { analyseHttp } from './http-analyser.js';
import type { IoEvent } from './io-event.js';
import { savedIoEvents } from './testdata/outputs.js';

describe('analyseHttp', () => {
  it('finds the GET that curl sent to www.google.com and its 200', () => {
    const exchanges = analyseHttp(savedIoEvents('curl_google'));
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({
      method: 'GET',
      target: '/',
      host: 'www.google.com',
      status: 200,
      reason: 'OK',
      client: { address: { ip: '2600:1f18:262c:6542:9aa6:df7a:9a47:d29e', port: 37140 }, process: { name: 'curl', pid: 17497 } },
      server: { address: { ip: '2607:f8b0:4004:802::2004', port: 80 } },
      problems: [],
      seenBy: ['client'],
    });
    // `sysdig -r curl_google.scap -c httplog` prints latency=37ms.
    expect(exchanges[0]?.latencyMs).toBeCloseTo(37.5, 1);
    expect(exchanges[0]?.server.process).toBeUndefined();
  });

  it('finds the 502s haproxy sent to the client', () => {
    const toClient = analyseHttp(savedIoEvents('balancer-502')).filter((exchange) => exchange.server.address.port === 80);
    expect(toClient).toHaveLength(5);
    for (const exchange of toClient) {
      expect(exchange).toMatchObject({ method: 'GET', target: '/getticket', status: 502, client: { address: { ip: '10.40.2.9' } }, server: { process: { name: 'haproxy', pod: 'ticket-balancer-5967c66fb4-qnzj6' } }, seenBy: ['server'] });
    }
  });

  it('merges what haproxy and python3 each saw of one backend exchange', () => {
    const backend = analyseHttp(savedIoEvents('balancer-502')).filter((exchange) => exchange.server.address.port === 8080);
    expect(backend).toHaveLength(5);
    const first = backend[0];
    expect(first).toMatchObject({
      connectionName: '10.40.1.6:40122->10.40.3.4:8080',
      status: 200,
      seenBy: ['client', 'server'],
      client: { process: { name: 'haproxy' } },
      server: { address: { ip: '10.40.3.4', port: 8080 }, process: { name: 'python3', pod: 'ticket-server-56c75bf88b-nqpcs', namespace: 'ticket-generator' } },
    });
    // One problem, though both ends carried the bytes.
    expect(first?.problems.map((problem) => problem.line)).toEqual(['text/plain: Content-type']);
    // As haproxy saw it: its sendto (#27) to its recvfrom (#43).
    expect(first?.latencyMs).toBeCloseTo(1.411, 3);
  });

  it('puts exchanges in the order their requests were made', () => {
    const times = analyseHttp(savedIoEvents('balancer-502')).map((exchange) => `${exchange.requestAt?.s}.${String(exchange.requestAt?.ns).padStart(9, '0')}`);
    expect(times).toHaveLength(10);
    expect(times).toEqual([...times].sort());
  });

  it('keeps the two ends apart when they disagree on the request', () => {
    const events = savedIoEvents('balancer-502').filter((event) => event.connectionName === '10.40.1.6:40122->10.40.3.4:8080');
    const altered = events.map((event): IoEvent => {
      if (event.process.name !== 'python3' || event.direction !== 'read') return event;
      const data = Buffer.from(event.data.toString('latin1').replace('/getticket', '/other'), 'latin1');
      return { ...event, data, length: data.length };
    });
    expect(analyseHttp(altered).map((exchange) => [exchange.target, exchange.seenBy])).toEqual([
      ['/getticket', ['client']],
      ['/other', ['server']],
    ]);
  });

  it('finds no HTTP in a connection that carries none', () => {
    expect(savedIoEvents('single_ipv6_conn')).toHaveLength(2);
    expect(analyseHttp(savedIoEvents('single_ipv6_conn'))).toEqual([]);
  });
});
