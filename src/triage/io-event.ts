import { z } from 'zod';
import type { ProcessRef } from './process-ref.js';
import { parseTuple } from './socket-address.js';
import type { ConnectionTuple } from './socket-address.js';

/** Seconds and nanoseconds apart: their product with 1e9 exceeds 2^53. */
export interface EventTime {
  readonly s: number;
  readonly ns: number;
}

/** One read or write on a TCP socket, with the bytes the capture kept. */
export interface IoEvent {
  readonly num: number;
  readonly time: EventTime;
  readonly syscall: string;
  readonly direction: 'read' | 'write';
  readonly process: ProcessRef;
  readonly fd: number;
  /** sysdig's name for the connection, e.g. `10.40.2.9:51234->10.40.1.6:80`. */
  readonly connectionName: string;
  readonly connection: ConnectionTuple;
  /** Bytes the syscall moved. */
  readonly length: number;
  /** The bytes the capture kept: at most the snaplen, so possibly fewer than `length`. */
  readonly data: Buffer;
}

const integer = z.number().int();
const optionalText = z.string().nullable();

/** One line of `sysdig -j -b -p '*…'` with the IO_FIELDS of sysdig-commands.ts. */
const ioLineSchema = z.object({
  'evt.num': integer,
  'evt.rawtime.s': integer,
  'evt.rawtime.ns': integer,
  'evt.type': z.string(),
  'evt.io_dir': z.enum(['read', 'write']),
  'proc.pid': integer,
  'proc.name': optionalText,
  'fd.num': integer,
  'fd.name': z.string(),
  'evt.rawres': integer,
  'container.name': optionalText,
  'k8s.pod.name': optionalText,
  'k8s.ns.name': optionalText,
  'evt.buffer': z.string(),
});

type IoLine = z.infer<typeof ioLineSchema>;

export interface ParsedIoEvents {
  readonly events: IoEvent[];
  /** Lines that were not an I/O event on a socket (warnings, events without a tuple). */
  readonly skippedLines: number;
}

export function parseIoEvents(text: string): ParsedIoEvents {
  const events: IoEvent[] = [];
  let skippedLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const event = toEvent(line);
    if (event) events.push(event);
    else skippedLines += 1;
  }
  return { events, skippedLines };
}

function toEvent(line: string): IoEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = ioLineSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const fields = parsed.data;
  const connection = parseTuple(fields['fd.name']);
  if (!connection) return undefined;
  return {
    num: fields['evt.num'],
    time: { s: fields['evt.rawtime.s'], ns: fields['evt.rawtime.ns'] },
    syscall: fields['evt.type'],
    direction: fields['evt.io_dir'],
    process: processOf(fields),
    fd: fields['fd.num'],
    connectionName: fields['fd.name'],
    connection,
    length: fields['evt.rawres'],
    data: Buffer.from(fields['evt.buffer'], 'base64'),
  };
}

function processOf(fields: IoLine): ProcessRef {
  const container = fields['container.name'];
  const pod = fields['k8s.pod.name'];
  const namespace = fields['k8s.ns.name'];
  return {
    pid: fields['proc.pid'],
    name: fields['proc.name'] ?? '<NA>',
    ...(container && container !== 'host' ? { container } : {}),
    ...(pod ? { pod } : {}),
    ...(namespace ? { namespace } : {}),
  };
}

/** Milliseconds from a to b. */
export function millisBetween(a: EventTime, b: EventTime): number {
  return ((b.s - a.s) * 1e9 + (b.ns - a.ns)) / 1e6;
}

export function isoTime(time: EventTime): string {
  return new Date(time.s * 1000 + Math.floor(time.ns / 1e6)).toISOString();
}
