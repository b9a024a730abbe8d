import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../test/support/golden.js';
import { mergeSummaries } from '../triage/merge-summaries.js';
import { savedOutputs } from '../triage/testdata/outputs.js';
import { summariseTrace, type TriageSummary } from '../triage/triage-summary.js';
import type { TriageReport } from '../worker/triage-report.js';
import { triageMessage } from './triage-message.js';

const BALANCER_FILE = 'capture-ticket-balancer-5967c66fb4-qnzj6-20261127T175000Z-01JDQ3V8X6M2T9R4K7C5N1B0FZ.scap.gz';
const CURL_FILE = 'capture-curl-20261127T175000Z-01JDQ3V8X6M2T9R4K7C5N1B0FZ.scap.gz';

function report(summary: TriageSummary, fileName: string): TriageReport {
  return { kind: 'summary', summary, traces: [{ fileName, node: 'node-a' }] };
}

const balancer = report(summariseTrace(savedOutputs('balancer-502'), { fileName: BALANCER_FILE, maxIoEvents: 30 }), BALANCER_FILE);
const curl = report(summariseTrace(savedOutputs('curl_google'), { fileName: CURL_FILE }), CURL_FILE);

describe('triageMessage', () => {
  describe('when haproxy answered 502 because its backend sent a malformed header', () => {
    const { text } = triageMessage(balancer);

    it('counts the 502s by endpoint and peer, naming the proxy and its pod', () => {
      expect(text).toContain(':rotating_light: *502 Bad Gateway* ×5 for `GET /getticket` from `10.40.2.9` by `haproxy` at `10.40.1.6:80` in pod `ticket-balancer-5967c66fb4-qnzj6`');
    });

    it('quotes the malformed header line and blames the backend', () => {
      expect(text).toContain('*Malformed header line* ×5 in responses from `python3` at `10.40.3.4:8080` in pod `ticket-server-56c75bf88b-nqpcs`');
      expect(text).toContain(': `text/plain: Content-type`');
    });

    it('names the cluster it ran in, except the default one', () => {
      expect(text).toMatch(/in the capture pod$/m);
      expect(triageMessage(balancer, 'prod-eu').text).toMatch(/in the capture pod in cluster `prod-eu`$/m);
    });

    it('says what to open next, as a sysdig command and a Sysdig Inspect view', () => {
      expect(text).toContain(`*Open next*: the bytes python3 (10.40.3.4:8080) sent while haproxy (10.40.1.6:80) answered 502: \`sysdig -r ${BALANCER_FILE} -A 'evt.is_io=true and fd.sip=10.40.3.4 and fd.sport=8080'\``);
      expect(text).toContain("Sysdig Inspect's Connections view");
    });

    it('says the I/O input was cut at its event limit', () => {
      expect(text).toContain('(the first 30 I/O events only)');
    });

    it('matches its golden file', () => {
      expectGolden(triageMessage(balancer), new URL('./testdata/triage-message.balancer-502.golden.json', import.meta.url));
    });
  });

  describe('when curl fetched www.google.com', () => {
    const { text } = triageMessage(curl);

    it('shows one exchange answered 200 and no anomaly', () => {
      expect(text).toContain('*HTTP*: 1 exchange: `200` ×1');
      expect(text).not.toContain(':rotating_light:');
      expect(text).not.toContain(':warning:');
      expect(text).toContain('`GET www.google.com /` to `[2607:f8b0:4004:802::2004]:80`: 200 ×1');
    });

    it('lists curl at the top, with its failed lookups', () => {
      expect(text).toContain('*Top processes*: CPU `sysdig` 0.25%; ');
      expect(text).toContain('I/O `curl` 11.4 KiB network, 31.4 KiB files');
      expect(text).toContain('`access` ENOENT ×39 (`curl`)');
    });

    it('matches its golden file', () => {
      expectGolden(triageMessage(curl), new URL('./testdata/triage-message.curl_google.golden.json', import.meta.url));
    });
  });

  it('escapes what the trace says, so it cannot ping or link', () => {
    const summary = summariseTrace(savedOutputs('balancer-502'), { fileName: BALANCER_FILE, maxIoEvents: 30 });
    const [first, second] = summary.http.anomalies;
    if (second?.kind === 'error-status' || !second || !first) throw new Error('fixture changed');
    const hostile: TriageSummary = {
      ...summary,
      http: { ...summary.http, anomalies: [first, { ...second, quote: 'X-Evil: <!channel> <https://evil.example|click> `x`' }] },
    };
    const { text, blocks } = triageMessage(report(hostile, BALANCER_FILE));
    expect(text).toContain("`X-Evil: &lt;!channel&gt; &lt;https://evil.example|click&gt; 'x'`");
    expect(JSON.stringify(blocks)).not.toContain('<!channel>');
  });

  describe('when the capture saw only haproxy (scoped to its pod), and the cluster named its peers', () => {
    const owners = new Map([['10.40.3.4', { kind: 'pod', name: 'ticket-server-56c75bf88b-nqpcs', namespace: 'ticket-generator' } as const]]);
    const scoped = report(
      summariseTrace(savedOutputs('balancer-502-scoped'), { fileName: BALANCER_FILE, maxIoEvents: 30, peerOwners: owners, namespace: 'ticket-generator' }),
      BALANCER_FILE,
    );
    const { text } = triageMessage(scoped);

    it('still calls out the 502s, and names the upstream by its pod', () => {
      expect(text).toContain(
        ':rotating_light: *502 Bad Gateway* ×7 for `GET /getticket` from `10.40.2.9` by `haproxy` at `10.40.1.6:80` in pod `ticket-balancer-5967c66fb4-qnzj6`; ' +
          'meanwhile its upstream `10.40.3.4:8080` (pod `ticket-server-56c75bf88b-nqpcs`) sent a malformed header line',
      );
    });

    it('quotes the malformed header as what haproxy read from that upstream', () => {
      expect(text).toContain(
        '*Malformed header line* ×7 in the responses `haproxy` at `10.40.1.6` in pod `ticket-balancer-5967c66fb4-qnzj6` read from upstream `10.40.3.4:8080` (pod `ticket-server-56c75bf88b-nqpcs`) for `GET /getticket`: `text/plain: Content-type`',
      );
      expect(text).toContain('• `GET /getticket` to `10.40.3.4:8080` (pod `ticket-server-56c75bf88b-nqpcs`): 200 ×7');
    });

    it('matches its golden file', () => {
      expectGolden(triageMessage(scoped), new URL('./testdata/triage-message.balancer-502-scoped.golden.json', import.meta.url));
    });
  });

  it('says which node of a wide capture showed each finding, and names its trace to open', () => {
    const a = summariseTrace(savedOutputs('balancer-502'), { fileName: 'a.scap.gz', maxIoEvents: 30 });
    const b = summariseTrace(savedOutputs('curl_google'), { fileName: 'b.scap.gz' });
    const wide: TriageReport = {
      kind: 'summary',
      summary: mergeSummaries([{ node: 'node-a', summary: a }, { node: 'node-b', summary: b }]),
      traces: [{ fileName: 'a.scap.gz', node: 'node-a' }, { fileName: 'b.scap.gz', node: 'node-b' }],
    };
    const { text } = triageMessage(wide);
    expect(text).toContain(':rotating_light: *502 Bad Gateway* ×5 on node `node-a` for `GET /getticket`');
    expect(text).toContain('*Malformed header line* ×5 on node `node-a` in responses from `python3`');
    expect(text).toContain('• `GET www.google.com /` to `[2607:f8b0:4004:802::2004]:80`: 200 ×1, 37.515 ms, on node `node-b`');
    expect(text).toContain('I/O `curl` 11.4 KiB network, 31.4 KiB files (node `node-b`)');
    expect(text).toContain("*Open next*: the bytes python3 (10.40.3.4:8080) sent while haproxy (10.40.1.6:80) answered 502 on node `node-a`: `sysdig -r a.scap.gz -A '");
  });

  it('says "on both nodes" once for a finding both nodes showed, and where else the same filter finds it', () => {
    const a = summariseTrace(savedOutputs('balancer-502'), { fileName: 'a.scap.gz', maxIoEvents: 30 });
    const b = summariseTrace(savedOutputs('balancer-502'), { fileName: 'b.scap.gz', maxIoEvents: 30 });
    const wide: TriageReport = {
      kind: 'summary',
      summary: mergeSummaries([{ node: 'node-a', summary: a }, { node: 'node-b', summary: b }]),
      traces: [{ fileName: 'a.scap.gz', node: 'node-a' }, { fileName: 'b.scap.gz', node: 'node-b' }],
    };
    const { text } = triageMessage(wide);
    expect(text.match(/502 Bad Gateway/g)).toHaveLength(1);
    expect(text).toContain(':rotating_light: *502 Bad Gateway* ×10 on both nodes for `GET /getticket`');
    expect(text).toContain('*Malformed header line* ×10 on both nodes in responses from `python3`');
    expect(text).toMatch(/answered 502 on nodes `node-a`, `node-b`: `sysdig -r a\.scap\.gz -A '[^`]+'`, .*; the same filter finds it in `b\.scap\.gz` \(node `node-b`\)$/m);
  });

  it('names every node of a wide capture', () => {
    const wide: TriageReport = { ...curl, traces: [{ fileName: 'a.scap.gz', node: 'node-a' }, { fileName: 'b.scap.gz', node: 'node-b' }] } as TriageReport;
    expect(triageMessage(wide).text).toContain('over 2 traces (nodes `node-a`, `node-b`)');
  });

  it('is one short note when there is no summary', () => {
    const { text, blocks } = triageMessage({ kind: 'unavailable', reason: 'the summary did not finish within 120s' });
    expect(text).toBe(':grey_question: No triage summary for this capture: the summary did not finish within 120s. The trace behind the link is complete.');
    expect(blocks).toHaveLength(1);
  });
});
