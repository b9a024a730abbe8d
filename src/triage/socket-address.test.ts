import { describe, expect, it } from 'vitest';
import { formatAddress, parseTuple } from './socket-address.js';

describe('parseTuple', () => {
  it('reads an IPv4 connection as sysdig names it', () => {
    expect(parseTuple('10.40.2.9:51234->10.40.1.6:80')).toEqual({ client: { ip: '10.40.2.9', port: 51234 }, server: { ip: '10.40.1.6', port: 80 } });
  });

  it('reads an IPv6 connection, whose addresses hold colons', () => {
    expect(parseTuple('2001:db8::4:54405->2001:db8::3:1234')).toEqual({ client: { ip: '2001:db8::4', port: 54405 }, server: { ip: '2001:db8::3', port: 1234 } });
  });

  it('refuses names that are not a connection', () => {
    expect(parseTuple('/etc/hosts')).toBeUndefined();
    expect(parseTuple('0->ffff88003c420800 /var/run/nscd/socket')).toBeUndefined();
    expect(parseTuple('10.0.0.1:99999->10.0.0.2:80')).toBeUndefined();
  });
});

describe('formatAddress', () => {
  it('brackets IPv6 addresses before the port', () => {
    expect(formatAddress({ ip: '2607:f8b0:4004:802::2004', port: 80 })).toBe('[2607:f8b0:4004:802::2004]:80');
    expect(formatAddress({ ip: '10.40.3.4', port: 8080 })).toBe('10.40.3.4:8080');
  });
});
