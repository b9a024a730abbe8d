import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChannelMessage } from '../support/slack/index.js';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { fixturePath } from '../support/fixtures.js';

const USER = 'U0RESPONDER';
const CURL_POD = 'curl-client-0';
const SERVER_POD = 'ticket-server-56c75bf88b-nqpcs';

describe('when a capture ends, the thread gets what it saw', () => {
  let world: World;
  let app: CapturebotProcess;

  /** Captures target in channel and returns the status message once its thread has the link and the summary. */
  async function capture(target: string, channel: string): Promise<ChannelMessage> {
    await world.slack.sendSlashCommand(eventsUrl(app), { text: `${target} -n ${INCIDENT_NAMESPACE} 10s`, userId: USER, channelId: channel });
    await world.slack.waitFor((c) => c.method === 'chat.update' && c.args.channel === channel && String(c.args.text).includes('Done'), { timeoutMs: 30_000 });
    return world.slack.channelMessages(channel)[0]!;
  }

  /** The trace a capture of the incident pod writes: the whole node's view, or only haproxy's (a capture scoped to its pod). */
  let incidentTrace = 'balancer-502.scap';

  beforeAll(async () => {
    world = await startWorld();
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: CURL_POD, nodeName: 'node-b' });
    // The backend, with the pod IP the incident's traces show for it.
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: SERVER_POD, nodeName: 'node-b', labels: { app: 'ticket-server' }, podIP: '10.40.3.4' });
    world.kube.setScenario((pod) => ({
      kind: 'trace',
      traceFile: fixturePath(pod.metadata.annotations?.['capturebot.io/target-pod'] === CURL_POD ? 'curl_google.scap' : incidentTrace),
    }));
    app = await startApp(world);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  describe('of the incident balancer (balancer-502)', () => {
    let status: ChannelMessage;
    beforeAll(async () => {
      status = await capture(INCIDENT_POD, 'C0TRIAGE1');
    }, 60_000);

    it('posts the link first, then the summary, in the status message thread', () => {
      expect(status.replies).toHaveLength(2);
      expect(status.replies[0]!.text).toMatch(/^:package: </);
      expect(status.replies[1]!.text).toMatch(/^:mag: \*What the capture saw\*/);
    });

    it('calls out the 502s haproxy sent, by endpoint and peer', () => {
      expect(status.replies[1]!.text).toContain(':rotating_light: *502 Bad Gateway* ×20 for `GET /getticket` from `10.40.2.9` by `haproxy` at `10.40.1.6:80` in pod `ticket-balancer-5967c66fb4-qnzj6`');
      expect(status.replies[1]!.text).toContain('*HTTP*: 40 exchanges: `200` ×20 · `502` ×20');
    });

    it('quotes the backend’s malformed header line', () => {
      expect(status.replies[1]!.text).toContain('*Malformed header line* ×20 in responses from `python3` at `10.40.3.4:8080`');
      expect(status.replies[1]!.text).toContain(': `text/plain: Content-type`');
    });

    it('says what to open next', () => {
      expect(status.replies[1]!.text).toMatch(/\*Open next\*: .*`sysdig -r capture-ticket-balancer-5967c66fb4-qnzj6-\S+\.scap\.gz -A 'evt\.is_io=true and fd\.sip=10\.40\.3\.4 and fd\.sport=8080'`/);
    });

    it('ran the triage in the capture pod’s holder container, and deleted the pod afterwards', async () => {
      await vi.waitFor(() => expect(world.kube.requests.some((r) => r.verb === 'delete' && r.resource === 'pods')).toBe(true), { timeout: 10_000 });
      const exec = world.kube.requests.filter((r) => r.subresource === 'exec');
      expect(exec.filter((r) => r.url.includes('sysdig'))).toHaveLength(6);
      expect(exec.every((r) => r.namespace === CAPTURE_NAMESPACE && r.url.includes('container=holder'))).toBe(true);
      const lastExec = world.kube.requests.lastIndexOf(exec.at(-1)!);
      const deleted = world.kube.requests.findIndex((r) => r.verb === 'delete' && r.resource === 'pods');
      expect(deleted).toBeGreaterThan(lastExec);
    });

    it('showed the summarising stage between the link and Done', () => {
      const stages = status.history.map((version) => version.text.split('\n')[1] ?? '');
      const summarising = stages.findIndex((line) => line.includes('summarising the trace from node `node-a`'));
      expect(summarising).toBeGreaterThan(0);
      expect(stages.at(-1)).toContain('Done');
    });
  });

  describe('of curl fetching www.google.com (curl_google)', () => {
    let status: ChannelMessage;
    beforeAll(async () => {
      status = await capture(CURL_POD, 'C0TRIAGE2');
    }, 60_000);

    it('shows one GET to www.google.com, by its Host header, answered 200 and no anomaly', () => {
      const summary = status.replies[1]!.text;
      expect(summary).toContain('*HTTP*: 1 exchange: `200` ×1');
      expect(summary).toContain('• `GET www.google.com /` to `[2607:f8b0:4004:802::2004]:80`: 200 ×1');
      expect(summary).not.toMatch(/:rotating_light:|:warning:/);
    });

    it('puts curl at the top and lists its failed lookups', () => {
      const summary = status.replies[1]!.text;
      expect(summary).toContain('I/O `curl` 11.4 KiB network, 31.4 KiB files');
      expect(summary).toContain('`access` ENOENT ×39 (`curl`)');
    });
  });

  describe('of the incident balancer, captured scoped to its pod (balancer-502-scoped: only haproxy’s events)', () => {
    let status: ChannelMessage;
    beforeAll(async () => {
      incidentTrace = 'balancer-502-scoped.scap';
      world.kube.clearRequests();
      status = await capture(INCIDENT_POD, 'C0TRIAGE4');
    }, 60_000);

    it('still calls out the 502s haproxy answered, and names its upstream by the pod the cluster says has that IP', () => {
      expect(status.replies[1]!.text).toContain(
        ':rotating_light: *502 Bad Gateway* ×20 for `GET /getticket` from `10.40.2.9` by `haproxy` at `10.40.1.6:80` in pod `ticket-balancer-5967c66fb4-qnzj6`; ' +
          `meanwhile its upstream \`10.40.3.4:8080\` (pod \`${SERVER_POD}\`) sent a malformed header line (during 20 of them)`,
      );
      expect(status.replies[1]!.text).toContain('*HTTP*: 40 exchanges: `200` ×20 · `502` ×20');
    });

    it('quotes the malformed header line as what haproxy read from that upstream', () => {
      expect(status.replies[1]!.text).toContain(
        '*Malformed header line* ×20 in the responses `haproxy` at `10.40.1.6` in pod `ticket-balancer-5967c66fb4-qnzj6` ' +
          `read from upstream \`10.40.3.4:8080\` (pod \`${SERVER_POD}\`) for \`GET /getticket\`: \`text/plain: Content-type\``,
      );
      expect(status.replies[1]!.text).toContain(`• \`GET /getticket\` to \`10.40.3.4:8080\` (pod \`${SERVER_POD}\`): 200 ×20`);
    });

    it('says to open the bytes that upstream sent, naming it by its pod', () => {
      expect(status.replies[1]!.text).toMatch(
        /\*Open next\*: the bytes 10\.40\.3\.4:8080 \(pod ticket-server-56c75bf88b-nqpcs\) sent while haproxy \(10\.40\.1\.6:80\) answered 502: `sysdig -r capture-ticket-balancer-5967c66fb4-qnzj6-\S+\.scap\.gz -A 'evt\.is_io=true and fd\.sip=10\.40\.3\.4 and fd\.sport=8080'`/,
      );
    });

    it('asked the cluster once for pods and once for Services, across the cluster', () => {
      const lookups = world.kube.requests.filter((r) => r.verb === 'list' && r.namespace === undefined);
      expect(lookups.map((r) => r.resource)).toEqual(['pods', 'services']);
      expect(lookups[0]?.url).not.toContain('fieldSelector');
    });
  });

  describe('when the cluster will not say who owns the peers', () => {
    let status: ChannelMessage;
    beforeAll(async () => {
      incidentTrace = 'balancer-502-scoped.scap';
      // The cluster-wide lists the peer lookup makes; the target's own namespace still resolves.
      world.kube.failNext({ verb: 'list', resource: 'pods', status: 403, clusterWide: true });
      world.kube.failNext({ verb: 'list', resource: 'services', status: 403, clusterWide: true });
      status = await capture(INCIDENT_POD, 'C0TRIAGE5');
    }, 60_000);

    it('still posts the summary, with the peers by address', () => {
      const summary = status.replies[1]!.text;
      expect(summary).toContain('meanwhile its upstream `10.40.3.4:8080` sent a malformed header line (during 20 of them)');
      expect(summary).toContain(': `text/plain: Content-type`');
      expect(summary).not.toContain(SERVER_POD);
    });

    it('says why in the worker’s log', () => {
      expect(app.output()).toContain("triage peers not named from pods: capturebot's service account may not list pods across the cluster");
      expect(app.output()).toContain("triage peers not named from services: capturebot's service account may not list services across the cluster");
    });
  });

  it('never writes a presigned link to the logs', () => {
    expect(app.output()).not.toContain('X-Amz-Signature');
  });
});

describe('when sysdig cannot read the trace in the capture pod', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld({ kube: { sysdigPath: '/nonexistent/sysdig' } });
    app = await startApp(world);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('still posts the link, then one short note instead of the summary, and finishes', async () => {
    await world.slack.sendSlashCommand(eventsUrl(app), { text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 10s`, userId: USER, channelId: 'C0TRIAGE3' });
    await world.slack.waitFor((c) => c.method === 'chat.update' && c.args.channel === 'C0TRIAGE3' && String(c.args.text).includes('Done'), { timeoutMs: 30_000 });
    const [link, note] = world.slack.channelMessages('C0TRIAGE3')[0]!.replies;
    expect(link!.text).toMatch(/^:package: </);
    expect(note!.text).toMatch(/^:grey_question: No triage summary for this capture: sysdig could not read the trace in the capture pod: .+\. The trace behind the link is complete\.$/);
  }, 60_000);
});
