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

    it('keeps the 502s first, then the malformed header', () => {
      expect(merged.http.anomalies.map((anomaly) => anomaly.kind)).toEqual(['error-status', 'malformed-header']);
    });

    it('ranks processes and connections of both nodes together', () => {
      expect(merged.topProcesses.byIo.map((process) => process.name)).toEqual(['curl', 'haproxy', 'python3']);
      expect(merged.topConnections[0]?.processes[0]?.name).toBe('curl');
      expect(merged.topConnections).toHaveLength(5);
    });

    it('takes the next steps of each node in turn, each naming its own file', () => {
      expect(merged.nextSteps.map((step) => step.command.split(' ')[2])).toEqual(['a.scap.gz', 'b.scap.gz', 'b.scap.gz']);
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
