import { describe, expect, it } from 'vitest';
import { mergeSummaries } from './merge-summaries.js';
import { savedOutputs } from './testdata/outputs.js';
import { summariseTrace } from './triage-summary.js';

const balancer = summariseTrace(savedOutputs('balancer-502'), { fileName: 'a.scap.gz', maxIoEvents: 30 });
const curl = summariseTrace(savedOutputs('curl_google'), { fileName: 'b.scap.gz' });

describe('mergeSummaries', () => {
  it('gives a single summary back unchanged', () => {
    expect(mergeSummaries([{ node: 'node-a', summary: curl }])).toBe(curl);
  });

  describe('when two nodes captured different traffic', () => {
    const merged = mergeSummaries([
      { node: 'node-a', summary: balancer },
      { node: 'node-b', summary: curl },
    ]);

    it('adds up the HTTP exchanges and their status codes', () => {
      expect(merged.http.exchangeCount).toBe(balancer.http.exchangeCount + 1);
      expect(merged.http.byStatus).toEqual({ 200: 6, 502: 5 });
      expect(merged.http.eventsAnalysed).toBe(balancer.http.eventsAnalysed + curl.http.eventsAnalysed);
      expect(merged.http.inputCut).toBe(true);
    });

    it('keeps the 502s first, then the malformed header, each from node-a', () => {
      expect(merged.http.anomalies.map((anomaly) => anomaly.kind)).toEqual(['error-status', 'malformed-header']);
      expect(merged.http.anomalies.map((anomaly) => anomaly.seenOn)).toEqual([[{ node: 'node-a', count: 5 }], [{ node: 'node-a', count: 5 }]]);
      expect(merged.http.routes.find((route) => route.method === 'GET' && route.host === 'www.google.com')?.seenOn).toEqual([{ node: 'node-b', count: 1 }]);
    });

    it('says on which node each process and connection was', () => {
      expect(merged.topProcesses.byIo.map((process) => [process.name, process.node])).toEqual([['curl', 'node-b'], ['haproxy', 'node-a'], ['python3', 'node-a']]);
      expect(merged.topConnections[0]?.node).toBe('node-b');
    });

    it('ranks processes and connections of both nodes together', () => {
      expect(merged.topProcesses.byIo.map((process) => process.name)).toEqual(['curl', 'haproxy', 'python3']);
      expect(merged.topConnections[0]?.processes[0]?.name).toBe('curl');
      expect(merged.topConnections).toHaveLength(5);
    });

    it('takes the next steps of each node in turn, each naming its own file and node', () => {
      expect(merged.nextSteps.map((step) => [step.command.split(' ')[2], step.node])).toEqual([
        ['a.scap.gz', 'node-a'],
        ['b.scap.gz', 'node-b'],
        ['b.scap.gz', 'node-b'],
      ]);
    });
  });

  describe('when two nodes saw the same incident', () => {
    const other = summariseTrace(savedOutputs('balancer-502'), { fileName: 'b.scap.gz', maxIoEvents: 30 });
    const merged = mergeSummaries([
      { node: 'node-a', summary: balancer },
      { node: 'node-b', summary: other },
    ]);

    it('shows each finding once, counted over both nodes, with the count of each', () => {
      expect(merged.http.anomalies).toHaveLength(balancer.http.anomalies.length);
      expect(merged.http.anomalies[0]).toMatchObject({ kind: 'error-status', status: 502, count: 10, upstream: { count: 10 } });
      expect(merged.http.anomalies.map((anomaly) => anomaly.seenOn)).toEqual(balancer.http.anomalies.map(() => [{ node: 'node-a', count: 5 }, { node: 'node-b', count: 5 }]));
      expect(merged.http.routes).toHaveLength(balancer.http.routes.length);
      expect(merged.http.routes[0]).toMatchObject({ count: 10, byStatus: { 502: 10 }, latencyMs: balancer.http.routes[0]?.latencyMs });
    });

    it('opens the first node’s trace and says the same filter finds it in the other’s', () => {
      expect(merged.nextSteps[0]).toMatchObject({ node: 'node-a', alsoOn: ['node-b'], command: expect.stringContaining('sysdig -r a.scap.gz ') });
      expect(merged.nextSteps.filter((step) => step.filter === merged.nextSteps[0]?.filter)).toHaveLength(1);
    });
  });

  it('adds up the same failure seen on two nodes', () => {
    const merged = mergeSummaries([
      { node: 'node-a', summary: curl },
      { node: 'node-b', summary: curl },
    ]);
    expect(merged.errors.syscalls[0]).toEqual({ syscall: 'access', errno: 'ENOENT', count: 78, processes: [{ name: 'curl', count: 78 }] });
    expect(merged.errors.files[0]).toMatchObject({ path: '/var/run/nscd/socket', count: 4 });
    expect(merged.http.byStatus).toEqual({ 200: 2 });
  });
});
