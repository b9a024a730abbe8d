/**
 * The head of one HTTP/1.x message (start line and header fields, RFC 9112),
 * parsed from the bytes a capture kept. Text here is latin1: one char per byte.
 */

export type HeadProblemKind =
  | 'missing-status-line'
  | 'malformed-status-line'
  | 'malformed-request-line'
  | 'malformed-header'
  | 'truncated-headers';

export interface HeadProblem {
  readonly kind: HeadProblemKind;
  /** The offending line, without its line ending. */
  readonly line: string;
  /** The capture's snaplen ended the bytes inside this line. */
  readonly cutAtSnaplen: boolean;
}

export interface MessageHead {
  /** The blank line that ends the head was seen. */
  readonly complete: boolean;
  readonly request?: { readonly method: string; readonly target: string; readonly host?: string };
  readonly status?: { readonly code: number; readonly reason: string };
  readonly problems: readonly HeadProblem[];
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const HEADER_LINE = new RegExp(`^${TOKEN}:`);
const REQUEST_LINE = new RegExp(`^(${TOKEN}) (\\S+) HTTP/\\d\\.\\d$`);
const STATUS_LINE = /^HTTP\/\d\.\d (\d{3})(?: (.*))?$/;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** What the first bytes of a read or write start. */
export function startOf(bytes: string): 'request' | 'response' | 'other' {
  if (bytes.startsWith('HTTP/')) return 'response';
  return METHODS.some((method) => bytes.startsWith(`${method} `)) ? 'request' : 'other';
}

interface Line {
  readonly text: string;
  /** Ended by a line feed within the captured bytes. */
  readonly ended: boolean;
}

/**
 * Parses the head in bytes. cut says the capture kept fewer bytes than were
 * sent: then an unfinished last line is the snaplen's doing and is not judged.
 */
export function parseHead(bytes: string, expect: 'request' | 'response', cut: boolean): MessageHead {
  const { lines, complete } = headLines(bytes);
  const problems: HeadProblem[] = [];
  const first = lines[0] ?? { text: '', ended: false };
  const judged = (line: Line) => line.ended || (complete && !cut);
  const problem = (kind: HeadProblemKind, line: Line) => problems.push({ kind, line: line.text, cutAtSnaplen: !line.ended && cut });

  let request: MessageHead['request'];
  let status: MessageHead['status'];
  if (expect === 'response') {
    const match = STATUS_LINE.exec(first.text);
    if (match) status = { code: Number(match[1]), reason: match[2] ?? '' };
    else if (!first.text.startsWith('HTTP/')) problem('missing-status-line', first);
    else if (judged(first)) problem('malformed-status-line', first);
  } else {
    const match = REQUEST_LINE.exec(first.text);
    if (match) request = { method: match[1] ?? '', target: match[2] ?? '' };
    else if (judged(first)) problem('malformed-request-line', first);
  }

  let host: string | undefined;
  for (const line of lines.slice(1)) {
    if (!judged(line)) continue;
    // obs-fold: a continuation of the previous field, which a recipient may still accept.
    if (line.text.startsWith(' ') || line.text.startsWith('\t')) continue;
    if (!HEADER_LINE.test(line.text)) {
      problem('malformed-header', line);
      continue;
    }
    if (/^host:/i.test(line.text)) host = line.text.slice(5).trim();
  }
  if (request && host !== undefined) request = { ...request, host };
  return { complete, ...(request ? { request } : {}), ...(status ? { status } : {}), problems };
}

/** The lines before the blank line that ends the head (or all of them, if none does). */
function headLines(bytes: string): { lines: Line[]; complete: boolean } {
  const lines: Line[] = [];
  let start = 0;
  while (start < bytes.length) {
    const feed = bytes.indexOf('\n', start);
    if (feed === -1) {
      lines.push({ text: bytes.slice(start), ended: false });
      break;
    }
    const text = bytes.slice(start, feed).replace(/\r$/, '');
    if (text === '' && lines.length > 0) return { lines, complete: true };
    lines.push({ text, ended: true });
    start = feed + 1;
  }
  return { lines, complete: false };
}
