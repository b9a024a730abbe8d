/** One end of a TCP/UDP connection as sysdig names it. */
export interface SocketAddress {
  readonly ip: string;
  readonly port: number;
}

/** A connection as sysdig orients it: the side that connected, then the side that accepted. */
export interface ConnectionTuple {
  readonly client: SocketAddress;
  readonly server: SocketAddress;
}

/** `10.40.1.6:80`, `[2607:f8b0::2004]:80`. */
export function formatAddress(address: SocketAddress): string {
  return address.ip.includes(':') ? `[${address.ip}]:${address.port}` : `${address.ip}:${address.port}`;
}

/** The address in `ip:port` with the port last: IPv6 addresses carry colons of their own. */
export function parseAddress(text: string): SocketAddress | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const port = Number(text.slice(colon + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  return { ip: text.slice(0, colon), port };
}

/** sysdig's `fd.name` for a socket: `10.40.2.9:51234->10.40.1.6:80`. */
export function parseTuple(name: string): ConnectionTuple | undefined {
  const [from, to, extra] = name.split('->');
  if (from === undefined || to === undefined || extra !== undefined) return undefined;
  const client = parseAddress(from);
  const server = parseAddress(to);
  return client && server ? { client, server } : undefined;
}
