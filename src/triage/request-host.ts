import { printable } from './printable.js';

const MAX_HOST_CHARS = 100;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?$/;
const IPV6 = /^\[[0-9A-Fa-f:.]+\](?::\d+)?$/;

/**
 * The Host header worth showing beside a route: a name (`www.google.com`),
 * printable and bounded. A Host that is only an IP address (what curl sends
 * to `http://10.40.1.6/`) says nothing the peer's address does not, so it is left out.
 */
export function shownHost(host: string | undefined): string | undefined {
  const trimmed = host?.trim();
  if (!trimmed || IPV4.test(trimmed) || IPV6.test(trimmed)) return undefined;
  return printable(trimmed, MAX_HOST_CHARS).text;
}
