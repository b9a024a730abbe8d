import { describe, expect, it } from 'vitest';
import { isoTime, millisBetween, parseIoEvents } from './io-event.js';
import { savedOutput } from './testdata/outputs.js';

describe('parseIoEvents', () => {
  it('reads sysdig -j lines into events with the captured bytes', () => {
    const { events, skippedLines } = parseIoEvents(savedOutput('curl_google', 'io'));
    expect(skippedLines).toBe(0);
    expect(events).toHaveLength(3);
    const [request, response] = events;
    expect(request).toMatchObject({ num: 1312, syscall: 'sendto', direction: 'write', fd: 4, length: 78, process: { pid: 17497, name: 'curl' } });
    expect(request?.data.toString('latin1')).toBe('GET / HTTP/1.1\r\nHost: www.google.com\r\nUser-Agent: curl/7.47.0\r\nAccept: */*\r\n\r\n');
    expect(request?.connection).toEqual({
      client: { ip: '2600:1f18:262c:6542:9aa6:df7a:9a47:d29e', port: 37140 },
      server: { ip: '2607:f8b0:4004:802::2004', port: 80 },
    });
    // 6040 bytes were read; the capture kept its 80-byte snaplen.
    expect(response).toMatchObject({ direction: 'read', length: 6040 });
    expect(response?.data).toHaveLength(80);
  });

  it('keeps the container and pod sysdig attached to the process', () => {
    const first = parseIoEvents(savedOutput('balancer-502', 'io')).events[0];
    expect(first?.process).toEqual({
      pid: 23417,
      name: 'haproxy',
      container: 'k8s_haproxy_ticket-balancer-5967c66fb4-qnzj6_ticket-generator_b4c1e2a7-3f52-11e9-8f1a-42010a840007_0',
      pod: 'ticket-balancer-5967c66fb4-qnzj6',
      namespace: 'ticket-generator',
    });
  });

  it('leaves out the placement of a process on the bare host', () => {
    const first = parseIoEvents(savedOutput('curl_google', 'io')).events[0];
    expect(first?.process).toEqual({ pid: 17497, name: 'curl' });
  });

  it('skips lines that are not an I/O event on a socket', () => {
    const line = savedOutput('curl_google', 'io').split('\n')[0] ?? '';
    const withoutTuple = line.replace(/"fd\.name":"[^"]*"/, '"fd.name":"/etc/hosts"');
    const text = ['sysdig: a warning', line, withoutTuple, '{"evt.num": 1}', ''].join('\n');
    const { events, skippedLines } = parseIoEvents(text);
    expect(events.map((event) => event.num)).toEqual([1312]);
    expect(skippedLines).toBe(3);
  });
});

describe('event times', () => {
  it('measures nanosecond-exact gaps although the full count exceeds 2^53', () => {
    expect(millisBetween({ s: 1534527348, ns: 548801997 }, { s: 1534527348, ns: 586317233 })).toBeCloseTo(37.515236, 6);
    expect(millisBetween({ s: 1550142329, ns: 999999999 }, { s: 1550142330, ns: 1 })).toBeCloseTo(0.000002, 9);
  });

  it('prints UTC time to the millisecond', () => {
    expect(isoTime({ s: 1550142329, ns: 176371533 })).toBe('2019-02-14T11:05:29.176Z');
  });
});
