/**
 * The sysdig runs the worker makes over a finished trace, inside the capture
 * pod's holder container (the sysdig build that wrote the trace). Each is an
 * argv array for pods/exec: nothing here passes through a shell.
 */

export type TriageCommandName = 'cpu' | 'proc-io' | 'conns' | 'file-errors' | 'syscall-errors' | 'io';

export interface TriageCommand {
  readonly name: TriageCommandName;
  readonly argv: readonly string[];
  /** The runner stops reading stdout past this many bytes and treats the output as cut. */
  readonly maxOutputBytes: number;
}

export interface TriageCommandOptions {
  /** Path of sysdig inside the container. */
  readonly sysdigBinary?: string;
  /** The capture's snaplen: bounds the size of each I/O event printed. */
  readonly snaplen: number;
  /** At most this many I/O events reach the HTTP analyser (`sysdig -n`). */
  readonly maxIoEvents?: number;
}

export const DEFAULT_SYSDIG_BINARY = '/usr/bin/sysdig';
export const DEFAULT_MAX_IO_EVENTS = 3000;
/** Rows each table chisel keeps; the summary shows fewer. */
export const TABLE_ROWS = 100;
const TABLE_OUTPUT_BYTES = 1024 * 1024;

/**
 * Fields of each I/O event, in sysdig's JSON output with `-j -p`. `*` prints
 * events even when a field (k8s.pod.name on a bare host) is missing; the
 * timestamp is split in seconds and nanoseconds because the full nanosecond
 * count exceeds 2^53.
 */
export const IO_FIELDS = [
  'evt.num', 'evt.rawtime.s', 'evt.rawtime.ns', 'evt.type', 'evt.io_dir',
  'proc.pid', 'proc.name', 'fd.num', 'fd.name', 'fd.cip', 'fd.cport', 'fd.sip', 'fd.sport',
  'evt.rawres', 'container.name', 'k8s.pod.name', 'k8s.ns.name', 'evt.buffer',
] as const;

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/**
 * TCP reads and writes that may carry an HTTP/1.x message head: a line break
 * in the captured bytes, or a start line cut before its end by the snaplen.
 * Bodies without a line break, TLS records and the like stay out, which keeps
 * the output small.
 */
export const IO_FILTER = [
  'evt.dir=< and evt.is_io=true and fd.l4proto=tcp and evt.rawres>0 and (',
  'evt.buffer contains "\n" or evt.buffer startswith "HTTP/"',
  ...HTTP_METHODS.map((method) => ` or evt.buffer startswith "${method} "`),
  ')',
].join('');

/** Failures that are how non-blocking I/O works, not errors. */
const ROUTINE_ERRNOS = ['EAGAIN', 'EWOULDBLOCK', 'EINPROGRESS', 'EINTR', 'EALREADY'];
const FAILED = `evt.dir=< and evt.failed=true and not evt.res in (${ROUTINE_ERRNOS.join(',')})`;

/**
 * table_generator is the chisel behind topconns, topprocs_net and friends; sysdig
 * splits its one argument string on spaces, keeping single-quoted parts whole.
 */
function tableChisel(keys: string[], value: string, filter: string, units: 'bytes' | 'none'): string[] {
  const descs = keys.map((key) => key.replace(/[^a-z0-9]/g, '_'));
  return ['-c', 'table_generator', `${keys.join(',')} ${descs.join(',')} ${value} ${value.replace(/[^a-z0-9]/g, '_')} '${filter}' ${TABLE_ROWS} ${units}`];
}

export function triageCommands(tracePath: string, options: TriageCommandOptions): TriageCommand[] {
  const sysdig = options.sysdigBinary ?? DEFAULT_SYSDIG_BINARY;
  const maxIoEvents = options.maxIoEvents ?? DEFAULT_MAX_IO_EVENTS;
  const read = [sysdig, '-r', tracePath];
  const table = (name: TriageCommandName, chisel: string[]): TriageCommand => ({
    name,
    argv: [...read, '-j', ...chisel],
    maxOutputBytes: TABLE_OUTPUT_BYTES,
  });
  // base64 grows the captured bytes by 4/3; the other fields stay under 1 KiB.
  const ioEventBytes = Math.ceil((options.snaplen * 4) / 3) + 1024;
  return [
    // Plain text: sysdig's JSON for this chisel holds a raw sum, not the CPU share it prints.
    { name: 'cpu', argv: [...read, '-c', 'topprocs_cpu'], maxOutputBytes: TABLE_OUTPUT_BYTES },
    table('proc-io', tableChisel(['proc.name', 'proc.pid', 'fd.type'], 'evt.rawarg.res', 'evt.is_io=true and fd.type in (file,ipv4,ipv6)', 'bytes')),
    table('conns', tableChisel(['fd.l4proto', 'fd.name', 'proc.name', 'proc.pid'], 'evt.rawarg.res', '(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true', 'bytes')),
    // topfiles_errors counts failures on open files only (fd.type=file); keying on
    // fd.name also catches failed opens and unix sockets that are not there.
    table('file-errors', tableChisel(['fd.name', 'evt.type', 'evt.res'], 'evt.count', `${FAILED} and not fd.type in (ipv4,ipv6)`, 'none')),
    table('syscall-errors', tableChisel(['evt.type', 'evt.res', 'proc.name'], 'evt.count', FAILED, 'none')),
    {
      name: 'io',
      argv: [...read, '-j', '-b', '-n', String(maxIoEvents), '-p', `*${IO_FIELDS.map((field) => `%${field}`).join(' ')}`, IO_FILTER],
      maxOutputBytes: maxIoEvents * ioEventBytes,
    },
  ];
}
