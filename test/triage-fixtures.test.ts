import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TriageCommandName } from '../src/triage/sysdig-commands.js';
import { triageCommands } from '../src/triage/sysdig-commands.js';
import type { TriageSummary } from '../src/triage/triage-summary.js';
import { summariseTrace } from '../src/triage/triage-summary.js';
import { FIXTURES_DIR } from './support/fixtures.js';

// Debian's sysdig reads the fixtures the way the holder container reads a finished capture.
const run = promisify(execFile);
const fixtures = FIXTURES_DIR;
const SNAPLEN = 4096;

interface Triage {
  readonly summary: TriageSummary;
  readonly outputBytes: Partial<Record<TriageCommandName, { bytes: number; limit: number }>>;
}

async function triage(fixture: string): Promise<Triage> {
  const file = path.join(fixtures, fixture);
  const outputs: Partial<Record<TriageCommandName, string>> = {};
  const outputBytes: Triage['outputBytes'] = {};
  for (const command of triageCommands(file, { snaplen: SNAPLEN })) {
    const [binary, ...args] = command.argv;
    // execFile runs no shell: each argv element reaches sysdig as it is.
    const { stdout } = await run(binary as string, args, { maxBuffer: command.maxOutputBytes, encoding: 'utf8' });
    outputs[command.name] = stdout;
    outputBytes[command.name] = { bytes: Buffer.byteLength(stdout), limit: command.maxOutputBytes };
  }
  return { summary: summariseTrace(outputs, { fileName: fixture }), outputBytes };
}

async function httplog(fixture: string): Promise<string[]> {
  const { stdout } = await run('/usr/bin/sysdig', ['-r', path.join(fixtures, fixture), '-c', 'httplog']);
  return stdout.split('\n').filter((line) => line.includes('method='));
}

describe('when the capture is curl_google.scap (curl -6 http://www.google.com)', () => {
  let result: Triage;
  beforeAll(async () => {
    result = await triage('curl_google.scap');
  });

  it('runs every command and parses every output', () => {
    expect(result.summary.unavailable).toEqual([]);
    for (const { bytes, limit } of Object.values(result.outputBytes)) expect(bytes).toBeLessThan(limit);
  });

  it('shows one GET to www.google.com answered 200, with its peer and latency', async () => {
    const { http } = result.summary;
    expect(http.exchangeCount).toBe(1);
    expect(http.byStatus).toEqual({ 200: 1 });
    expect(http.anomalies).toEqual([]);
    expect(http.routes).toEqual([
      expect.objectContaining({ method: 'GET', path: '/', count: 1, server: { ip: '2607:f8b0:4004:802::2004', port: 80 } }),
    ]);
    // sysdig's own httplog sees the same exchange.
    const lines = await httplog('curl_google.scap');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('method=GET url=www.google.com/ response_code=200');
    const latency = Number(/latency=(\d+)ms/.exec(lines[0] ?? '')?.[1]);
    expect(Math.floor(http.routes[0]?.latencyMs?.max ?? 0)).toBe(latency);
  });

  it('puts curl and its connection to Google at the top', () => {
    const { topProcesses, topConnections } = result.summary;
    expect(topProcesses.byIo[0]).toMatchObject({ name: 'curl', pid: 17497 });
    expect(topProcesses.byCpu.length).toBeGreaterThan(0);
    expect(topConnections[0]).toMatchObject({ protocol: 'tcp', tuple: { server: { ip: '2607:f8b0:4004:802::2004', port: 80 } } });
    expect(topConnections[0]?.processes.map((process) => process.name)).toEqual(['curl']);
    expect(topConnections.map((connection) => connection.protocol)).toContain('udp');
  });

  it('lists curl’s failed lookups', () => {
    expect(result.summary.errors.syscalls[0]).toMatchObject({ syscall: 'access', errno: 'ENOENT', processes: [{ name: 'curl' }] });
    expect(result.summary.errors.files.map((file) => file.path)).toContain('/home/ubuntu/.curlrc');
  });
});

describe('when the capture is balancer-502.scap (haproxy answering 502 in front of a broken backend)', () => {
  let result: Triage;
  beforeAll(async () => {
    result = await triage('balancer-502.scap');
  });

  it('runs every command and parses every output', () => {
    expect(result.summary.unavailable).toEqual([]);
    expect(result.summary.http.inputCut).toBe(false);
  });

  it('counts the 20 502s haproxy sent to client 10.40.2.9 for GET /getticket', async () => {
    const { http } = result.summary;
    expect(http.byStatus).toEqual({ 200: 20, 502: 20 });
    expect(http.anomalies[0]).toMatchObject({
      kind: 'error-status',
      status: 502,
      method: 'GET',
      path: '/getticket',
      count: 20,
      client: { ip: '10.40.2.9' },
      server: { ip: '10.40.1.6', port: 80, process: { name: 'haproxy', pod: 'ticket-balancer-5967c66fb4-qnzj6', namespace: 'ticket-generator' } },
    });
    // httplog prints each exchange once per end it saw; 20 of its lines are the 502s.
    const lines = await httplog('balancer-502.scap');
    expect(lines.filter((line) => line.includes('response_code=502'))).toHaveLength(20);
  });

  it('quotes the backend’s malformed header and blames python3 in the ticket-server pod', () => {
    const malformed = result.summary.http.anomalies.find((anomaly) => anomaly.kind === 'malformed-header');
    expect(malformed).toMatchObject({
      message: 'response',
      quote: 'text/plain: Content-type',
      count: 20,
      sender: { ip: '10.40.3.4', port: 8080, process: { name: 'python3', pod: 'ticket-server-56c75bf88b-nqpcs', namespace: 'ticket-generator' } },
      receivers: [{ ip: '10.40.1.6', process: { name: 'haproxy' } }],
    });
    const [proxyErrors] = result.summary.http.anomalies;
    expect(proxyErrors?.kind === 'error-status' ? proxyErrors.upstream : undefined).toMatchObject({
      count: 20,
      problems: ['malformed-header'],
      server: { ip: '10.40.3.4', port: 8080, process: { name: 'python3' } },
    });
  });

  it('suggests opening the backend’s bytes first', () => {
    expect(result.summary.nextSteps[0]?.command).toBe("sysdig -r balancer-502.scap -A 'evt.is_io=true and fd.sip=10.40.3.4 and fd.sport=8080'");
  });

  it('puts haproxy and python3 at the top, in their pods', () => {
    const { topProcesses, topConnections } = result.summary;
    expect(topProcesses.byIo.map((process) => [process.name, process.pod])).toEqual([
      ['haproxy', 'ticket-balancer-5967c66fb4-qnzj6'],
      ['python3', 'ticket-server-56c75bf88b-nqpcs'],
    ]);
    expect(topConnections).toHaveLength(5);
    for (const connection of topConnections) {
      expect(connection.bytes).toBeGreaterThan(0);
      expect(connection.processes.map((process) => process.name)).toContain('haproxy');
    }
  });
});

describe('when the capture is balancer-502-scoped.scap (the same incident, scoped to haproxy’s pod)', () => {
  let result: Triage;
  beforeAll(async () => {
    result = await triage('balancer-502-scoped.scap');
  });

  it('runs every command and sees only haproxy', () => {
    expect(result.summary.unavailable).toEqual([]);
    expect(result.summary.topProcesses.byIo.map((process) => process.name)).toEqual(['haproxy']);
  });

  it('still counts the 20 502s haproxy answered, with its upstream at fault', () => {
    const { http } = result.summary;
    expect(http.byStatus).toEqual({ 200: 20, 502: 20 });
    expect(http.anomalies[0]).toMatchObject({
      kind: 'error-status',
      status: 502,
      count: 20,
      server: { ip: '10.40.1.6', port: 80, process: { name: 'haproxy' } },
      upstream: { count: 20, problems: ['malformed-header'], server: { ip: '10.40.3.4', port: 8080 } },
    });
  });

  it('quotes the malformed header line from what haproxy read, its sender known only by address', () => {
    const malformed = result.summary.http.anomalies.find((anomaly) => anomaly.kind === 'malformed-header');
    expect(malformed).toMatchObject({ message: 'response', quote: 'text/plain: Content-type', count: 20, receivers: [{ ip: '10.40.1.6', process: { name: 'haproxy' } }] });
    expect(malformed?.kind === 'malformed-header' && malformed.sender).toEqual({ ip: '10.40.3.4', port: 8080 });
    expect(result.summary.nextSteps[0]?.command).toBe("sysdig -r balancer-502-scoped.scap -A 'evt.is_io=true and fd.sip=10.40.3.4 and fd.sport=8080'");
  });
});
