import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { sampleJob } from '../kube/testdata/sample-job.js';
import { savedOutput } from '../triage/testdata/outputs.js';
import type { TriageCommandName } from '../triage/sysdig-commands.js';
import type { PeerLookupOptions, PeerOwnersLookup, PodCommandOptions, PodCommandOutput } from './ports.js';
import { summariseCapture, triageTraces, type TriageDeps } from './triage-capture.js';
import type { TriageReport } from './triage-report.js';

const job = sampleJob();
const trace = { job, fileName: 'capture-x.scap.gz', node: 'node-a' };

/** Which triage command an argv is, by the chisel or format it asks for. */
function commandName(argv: readonly string[]): TriageCommandName {
  const text = argv.join(' ');
  if (text.includes('topprocs_cpu')) return 'cpu';
  if (text.includes('proc.name,proc.pid,fd.type')) return 'proc-io';
  if (text.includes('fd.l4proto,fd.name')) return 'conns';
  if (text.includes('fd.name,evt.type,evt.res')) return 'file-errors';
  if (text.includes('evt.type,evt.res,proc.name')) return 'syscall-errors';
  return 'io';
}

const NOBODY: PeerOwnersLookup = { owners: new Map(), failures: [] };

/**
 * A capture pod whose holder answers each triage command with the saved output of a fixture, or as `answer` says;
 * the cluster answers peer lookups as `lookup` says.
 */
function fakeDeps(answer: (name: TriageCommandName, options: PodCommandOptions) => Promise<PodCommandOutput>, lookup: () => Promise<PeerOwnersLookup> = async () => NOBODY) {
  const posted: TriageReport[] = [];
  const ran: { argv: readonly string[]; options: PodCommandOptions }[] = [];
  const lookups: { ips: readonly string[]; options: PeerLookupOptions }[] = [];
  const logged: string[] = [];
  const deps: TriageDeps = {
    log: pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) }),
    cluster: {
      lookupPeerOwners: (ips, options) => {
        lookups.push({ ips, options });
        return lookup();
      },
      tracePath: (j) => `/captures/${j.captureId}.scap.gz`,
      runInCapturePod: (_j, argv, options) => {
        ran.push({ argv, options });
        return answer(commandName(argv), options);
      },
    },
    notifier: {
      summarised: async (_j, report) => {
        posted.push(report);
      },
    },
  };
  return { deps, posted, ran, lookups, logged };
}

const fromFixture = (name: TriageCommandName) => Promise.resolve({ stdout: savedOutput('curl_google', name), cut: false });

describe('triageTraces', () => {
  it('runs every triage command on the trace in the capture pod and summarises what they printed', async () => {
    const { deps, ran } = fakeDeps(fromFixture);
    const report = await triageTraces([trace], deps, new AbortController().signal);
    expect(ran.map((run) => run.argv.slice(0, 3))).toEqual(Array(6).fill(['/usr/bin/sysdig', '-r', `/captures/${job.captureId}.scap.gz`]));
    if (report.kind !== 'summary') throw new Error(report.reason);
    expect(report.summary.http.byStatus).toEqual({ 200: 1 });
    expect(report.summary.unavailable).toEqual([]);
    expect(report.traces).toEqual([{ fileName: 'capture-x.scap.gz', node: 'node-a' }]);
  });

  it('keeps the outputs of the commands that exited 0 and names the others', async () => {
    const { deps } = fakeDeps((name) => (name === 'io' ? Promise.reject(new Error('sysdig exited with code 1')) : fromFixture(name)));
    const report = await triageTraces([trace], deps, new AbortController().signal);
    if (report.kind !== 'summary') throw new Error(report.reason);
    expect(report.summary.unavailable).toEqual([{ section: 'io', reason: 'not run or failed' }]);
    expect(report.summary.topProcesses.byIo[0]?.name).toBe('curl');
  });

  it('says sysdig could not read the trace when every command failed', async () => {
    const { deps } = fakeDeps(() => Promise.reject(new Error("can't open file /captures/x.scap.gz")));
    expect(await triageTraces([trace], deps, new AbortController().signal)).toEqual({
      kind: 'unavailable',
      reason: "sysdig could not read the trace in the capture pod: can't open file /captures/x.scap.gz",
    });
  });

  it('gives each command what is left of the time allowed, and stops when it has run out', async () => {
    const { deps, ran } = fakeDeps((_name, options) => new Promise((_resolve, reject) => setTimeout(() => reject(new Error('timed out')), options.timeoutMs)));
    const report = await triageTraces([trace], { ...deps, timeoutMs: 30 }, new AbortController().signal);
    expect(report).toEqual({ kind: 'unavailable', reason: 'the summary did not finish within 1s' });
    expect(ran[0]?.options.timeoutMs).toBeLessThanOrEqual(30);
    expect(ran.length).toBeLessThan(6);
  });

  it('passes the job signal to the commands and runs none once it fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const { deps, ran } = fakeDeps(fromFixture);
    const report = await triageTraces([trace], deps, controller.signal);
    expect(ran).toEqual([]);
    expect(report.kind).toBe('unavailable');
  });
});

describe('triageTraces naming the peers', () => {
  const GOOGLE = '2607:f8b0:4004:802::2004';

  it('asks the cluster once, for the addresses the trace does not name, and shows their owners', async () => {
    const owners = new Map([[GOOGLE, { kind: 'service', name: 'egress-proxy', namespace: 'net' } as const]]);
    const { deps, lookups } = fakeDeps(fromFixture, async () => ({ owners, failures: [] }));
    const report = await triageTraces([trace, { ...trace, node: 'node-b', fileName: 'capture-y.scap.gz' }], deps, new AbortController().signal);
    expect(lookups.map((call) => call.ips)).toEqual([[GOOGLE]]);
    expect(lookups[0]?.options.timeoutMs).toBeLessThanOrEqual(10_000);
    if (report.kind !== 'summary') throw new Error(report.reason);
    expect(report.summary.http.routes[0]?.server.cluster).toEqual({ kind: 'service', name: 'egress-proxy', namespace: 'net' });
  });

  it('still summarises when the lookup is refused, with the peers by address and the reason in the log', async () => {
    const refused: PeerOwnersLookup = { owners: new Map(), failures: [{ resource: 'services', reason: "capturebot's service account may not list services across the cluster" }] };
    const { deps, logged } = fakeDeps(fromFixture, async () => refused);
    const report = await triageTraces([trace], deps, new AbortController().signal);
    if (report.kind !== 'summary') throw new Error(report.reason);
    expect(report.summary.http.routes[0]?.server).toEqual({ ip: GOOGLE, port: 80 });
    expect(logged.join('')).toContain("triage peers not named from services: capturebot's service account may not list services across the cluster");
  });

  it('still summarises when the lookup throws', async () => {
    const { deps, logged } = fakeDeps(fromFixture, () => Promise.reject(new Error('socket hang up')));
    const report = await triageTraces([trace], deps, new AbortController().signal);
    expect(report.kind).toBe('summary');
    expect(logged.join('')).toContain('triage peers not named: the cluster lookup failed');
  });

  it('asks nothing when the trace names every peer', async () => {
    const named = (name: TriageCommandName) => Promise.resolve({ stdout: name === 'io' ? '' : savedOutput('curl_google', name), cut: false });
    const { deps, lookups } = fakeDeps(named);
    await triageTraces([trace], deps, new AbortController().signal);
    expect(lookups).toEqual([]);
  });
});

describe('summariseCapture', () => {
  it('posts the report in the thread', async () => {
    const { deps, posted } = fakeDeps(fromFixture);
    await summariseCapture(job, [trace], deps, new AbortController().signal);
    expect(posted.map((report) => report.kind)).toEqual(['summary']);
  });

  it('does not throw when Slack refuses the post: the link is already out', async () => {
    const { deps } = fakeDeps(fromFixture);
    const failing = { ...deps, notifier: { summarised: () => Promise.reject(new Error('ratelimited')) } };
    await expect(summariseCapture(job, [trace], failing, new AbortController().signal)).resolves.toBeUndefined();
  });
});
