import { describe, expect, it } from 'vitest';
import { ChiselOutputError } from './chisel-table.js';
import { parseTopProcsCpu } from './parse-topprocs-cpu.js';
import { savedOutput } from './testdata/outputs.js';

describe('parseTopProcsCpu', () => {
  it('reads the processes topprocs_cpu ranks, busiest first', () => {
    const processes = parseTopProcsCpu(savedOutput('curl_google', 'cpu'));
    expect(processes).toHaveLength(10);
    expect(processes[0]).toEqual({ name: 'sysdig', pid: 17496, cpuPercent: 0.25 });
    expect(processes).toContainEqual({ name: 'dbus-daemon', pid: 1350, cpuPercent: 0 });
  });

  it('reads a trace without CPU samples as no processes', () => {
    expect(parseTopProcsCpu(savedOutput('balancer-502', 'cpu'))).toEqual([]);
  });

  it('keeps a process name that holds spaces', () => {
    const header = savedOutput('curl_google', 'cpu').split('\n').slice(0, 2).join('\n');
    const line = '12.50%'.padEnd(20) + 'Web Content'.padEnd(20) + '4242';
    expect(parseTopProcsCpu(`${header}\n${line}\n`)).toEqual([{ name: 'Web Content', pid: 4242, cpuPercent: 12.5 }]);
  });

  it('refuses output that is not the table', () => {
    expect(() => parseTopProcsCpu("can't open file /captures/x.scap.gz\n")).toThrow(ChiselOutputError);
    const header = savedOutput('curl_google', 'cpu').split('\n').slice(0, 2).join('\n');
    expect(() => parseTopProcsCpu(`${header}\nsomething else entirely\n`)).toThrow(/unexpected topprocs_cpu line/);
  });
});
