import { describe, expect, it } from 'vitest';
import { savedOutputs } from './testdata/outputs.js';
import { summariseTrace } from './triage-summary.js';

describe('summariseTrace', () => {
  it('summarises curl_google: one GET answered 200, curl at the top', () => {
    const summary = summariseTrace(savedOutputs('curl_google'), { fileName: 'curl.scap.gz' });
    expect(summary.unavailable).toEqual([]);
    expect(summary.http.byStatus).toEqual({ 200: 1 });
    expect(summary.http.routes[0]).toMatchObject({ method: 'GET', path: '/', server: { ip: '2607:f8b0:4004:802::2004', port: 80 } });
    expect(summary.http.inputCut).toBe(false);
    expect(summary.topProcesses.byIo[0]).toEqual({ name: 'curl', pid: 17497, networkBytes: 11672, fileBytes: 32114 });
    expect(summary.topProcesses.byCpu).toHaveLength(5);
    expect(summary.topConnections[0]?.processes).toEqual([{ name: 'curl', pid: 17497, bytes: 11580 }]);
    expect(summary.errors.syscalls[0]).toMatchObject({ syscall: 'access', errno: 'ENOENT', count: 39 });
    expect(summary.errors.files.map((file) => file.path)).toEqual(['/var/run/nscd/socket', '/home/ubuntu/.curlrc']);
    expect(summary.nextSteps[0]?.command).toBe("sysdig -r curl.scap.gz 'evt.failed=true and evt.type=access and proc.name=curl'");
  });

  it('places processes in their pods when the I/O events said where they ran', () => {
    const summary = summariseTrace(savedOutputs('balancer-502'), { maxIoEvents: 30 });
    expect(summary.topProcesses.byIo.map((process) => [process.name, process.pod, process.namespace])).toEqual([
      ['haproxy', 'ticket-balancer-5967c66fb4-qnzj6', 'ticket-generator'],
      ['python3', 'ticket-server-56c75bf88b-nqpcs', 'ticket-generator'],
    ]);
  });

  it('says when the I/O output stopped at its event limit', () => {
    // The saved balancer output was printed with -n 30.
    expect(summariseTrace(savedOutputs('balancer-502'), { maxIoEvents: 30 }).http).toMatchObject({ eventsAnalysed: 30, inputCut: true });
    expect(summariseTrace(savedOutputs('balancer-502')).http.inputCut).toBe(false);
  });

  it('leads with the proxy errors and the malformed backend header', () => {
    const { http } = summariseTrace(savedOutputs('balancer-502'), { maxIoEvents: 30 });
    expect(http.anomalies.map((anomaly) => anomaly.kind)).toEqual(['error-status', 'malformed-header']);
  });

  it('still summarises when some commands failed, and says which', () => {
    const { conns: _conns, io: _io, ...rest } = savedOutputs('curl_google');
    const summary = summariseTrace({ ...rest, 'syscall-errors': "can't open file /captures/x.scap.gz\n" });
    expect(summary.unavailable).toEqual([
      { section: 'io', reason: 'not run or failed' },
      { section: 'conns', reason: 'not run or failed' },
      { section: 'syscall-errors', reason: "not a sysdig JSON table: can't open file /captures/x.scap.gz" },
    ]);
    expect(summary.http.exchangeCount).toBe(0);
    expect(summary.topProcesses.byIo).toHaveLength(1);
  });

  it('returns an empty summary rather than throwing when nothing ran', () => {
    const summary = summariseTrace({});
    expect(summary.unavailable).toHaveLength(6);
    expect(summary.nextSteps).toEqual([]);
  });
});
