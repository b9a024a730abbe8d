import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_IO_EVENTS, IO_FIELDS, triageCommands } from './sysdig-commands.js';

describe('triageCommands', () => {
  const commands = triageCommands('/captures/capture-web-1.scap.gz', { snaplen: 80 });

  it('reads the trace with sysdig in every command', () => {
    for (const command of commands) {
      expect(command.argv.slice(0, 3)).toEqual(['/usr/bin/sysdig', '-r', '/captures/capture-web-1.scap.gz']);
    }
  });

  it('names each output once', () => {
    expect(commands.map((command) => command.name).sort()).toEqual(['conns', 'cpu', 'file-errors', 'io', 'proc-io', 'syscall-errors']);
  });

  it('passes a path with shell syntax as one argument, untouched', () => {
    const path = "/captures/x'; rm -rf / #.scap.gz";
    for (const command of triageCommands(path, { snaplen: 80 })) {
      expect(command.argv[2]).toBe(path);
      expect(command.argv.filter((arg) => arg.includes('rm -rf'))).toEqual([path]);
    }
  });

  it('asks sysdig for JSON everywhere but topprocs_cpu, whose JSON lacks the CPU share', () => {
    for (const command of commands) expect(command.argv.includes('-j')).toBe(command.name !== 'cpu');
  });

  it('bounds the I/O events and prints their buffers in base64', () => {
    const io = commands.find((command) => command.name === 'io');
    const argv = io?.argv ?? [];
    expect(argv[argv.indexOf('-n') + 1]).toBe(String(DEFAULT_MAX_IO_EVENTS));
    expect(argv).toContain('-b');
    expect(argv[argv.indexOf('-p') + 1]).toBe(`*${IO_FIELDS.map((field) => `%${field}`).join(' ')}`);
    expect(argv[argv.length - 1]).toMatch(/^evt\.dir=< and evt\.is_io=true and fd\.l4proto=tcp/);
  });

  it('lets the output grow with the snaplen and the event limit', () => {
    const small = triageCommands('/t', { snaplen: 80, maxIoEvents: 10 }).find((command) => command.name === 'io');
    const large = triageCommands('/t', { snaplen: 4096, maxIoEvents: 10 }).find((command) => command.name === 'io');
    expect(large?.maxOutputBytes).toBeGreaterThan((small?.maxOutputBytes ?? 0) + 10 * 4000);
    expect(small?.argv).toContain('10');
  });

  it('uses the sysdig binary it is given', () => {
    expect(triageCommands('/t', { snaplen: 80, sysdigBinary: 'sysdig' }).every((command) => command.argv[0] === 'sysdig')).toBe(true);
  });
});
