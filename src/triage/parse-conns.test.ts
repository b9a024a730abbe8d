import { describe, expect, it } from 'vitest';
import { parseConns } from './parse-conns.js';
import { savedOutput } from './testdata/outputs.js';

describe('parseConns', () => {
  it('counts the bytes of each connection as topconns does', () => {
    // `sysdig -r curl_google.scap -j -c topconns`: tcp 11580, udp 92.
    const connections = parseConns(savedOutput('curl_google', 'conns'));
    expect(connections.map(({ protocol, name, bytes }) => ({ protocol, name, bytes }))).toEqual([
      { protocol: 'tcp', name: '2600:1f18:262c:6542:9aa6:df7a:9a47:d29e:37140->2607:f8b0:4004:802::2004:80', bytes: 11580 },
      { protocol: 'udp', name: '2600:1f18:262c:6542:9aa6:df7a:9a47:d29e:40251->2001:4860:4860::8888:53', bytes: 92 },
    ]);
    expect(connections[0]?.tuple?.server).toEqual({ ip: '2607:f8b0:4004:802::2004', port: 80 });
  });

  it('names the processes at both ends of a connection the trace saw from both sides', () => {
    const connections = parseConns(savedOutput('balancer-502', 'conns'));
    // 20 client connections to haproxy and 20 from haproxy to python3.
    expect(connections).toHaveLength(40);
    const backend = connections.find((connection) => connection.name === '10.40.1.6:40122->10.40.3.4:8080');
    expect(backend?.bytes).toBe(438);
    expect(backend?.processes.map((process) => process.name).sort()).toEqual(['haproxy', 'python3']);
    const front = connections.find((connection) => connection.name === '10.40.2.9:51234->10.40.1.6:80');
    expect(front?.processes).toEqual([{ name: 'haproxy', pid: 23417, bytes: 286 }]);
  });
});
