import { describe, expect, it } from 'vitest';
import { analyseHttp } from './http-analyser.js';
import { summariseHttp } from './http-findings.js';
import { nextSteps } from './next-steps.js';
import { parseConns } from './parse-conns.js';
import { parseSyscallErrors } from './parse-errors.js';
import type { SyscallErrors } from './parse-errors.js';
import { savedIoEvents, savedOutput } from './testdata/outputs.js';

const FILE = 'capture-ticket-balancer-5967c66fb4-qnzj6-20190214T110529Z-01HQ.scap.gz';

describe('nextSteps', () => {
  it('points first at the backend whose answers made the proxy fail', () => {
    const anomalies = summariseHttp(analyseHttp(savedIoEvents('balancer-502'))).anomalies;
    const steps = nextSteps({ anomalies, syscallErrors: [], connections: parseConns(savedOutput('balancer-502', 'conns')) }, FILE);
    // The malformed header and the busiest connection lead to the same backend: one step covers them.
    expect(steps).toHaveLength(1);
    const [first] = steps;
    expect(first).toEqual({
      why: 'the bytes python3 (10.40.3.4:8080) sent while haproxy (10.40.1.6:80) answered 502',
      filter: 'evt.is_io=true and fd.sip=10.40.3.4 and fd.sport=8080',
      sysdigArgs: ['-A', 'evt.is_io=true and fd.sip=10.40.3.4 and fd.sport=8080'],
      command: `sysdig -r ${FILE} -A 'evt.is_io=true and fd.sip=10.40.3.4 and fd.sport=8080'`,
      inspectView: 'Connections',
    });
  });

  it('suggests the failing syscalls and the busiest connection when HTTP looks healthy', () => {
    const steps = nextSteps(
      { anomalies: [], syscallErrors: parseSyscallErrors(savedOutput('curl_google', 'syscall-errors')), connections: parseConns(savedOutput('curl_google', 'conns')) },
      FILE,
    );
    expect(steps.map((step) => step.filter)).toEqual([
      'evt.failed=true and evt.type=access and proc.name=curl',
      'evt.is_io=true and fd.sip=2607:f8b0:4004:802::2004 and fd.sport=80',
    ]);
    expect(steps[0]).toMatchObject({ inspectView: 'Errors', sysdigArgs: ['evt.failed=true and evt.type=access and proc.name=curl'] });
  });

  it('keeps names that would need quoting out of the commands', () => {
    const hostile: SyscallErrors = { syscall: 'open', errno: 'EACCES', count: 3, processes: [{ name: "x' ; rm -rf ~ '", count: 3 }] };
    const steps = nextSteps({ anomalies: [], syscallErrors: [hostile], connections: [] }, "bad'name.scap.gz");
    expect(steps).toEqual([expect.objectContaining({ filter: 'evt.failed=true and evt.type=open', command: "sysdig -r FILE 'evt.failed=true and evt.type=open'" })]);
  });

  it('suggests nothing for a trace with nothing in it', () => {
    expect(nextSteps({ anomalies: [], syscallErrors: [], connections: [] }, FILE)).toEqual([]);
  });
});
