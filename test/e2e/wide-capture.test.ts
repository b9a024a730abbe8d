import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { compareWorkerRbac } from '../support/deploy-rbac.js';
import { fixturePath } from '../support/fixtures.js';
import type { WirePod } from '../support/kube/index.js';
import type { ChannelMessage } from '../support/slack/index.js';
import { REDIS_URL } from '../support/redis.js';
import { runCapture } from '../support/run-capture.js';

const USER = 'U0RESPONDER';
const BALANCER_A2 = 'ticket-balancer-5967c66fb4-x8k2p';
const BALANCER_B = 'ticket-balancer-5967c66fb4-7wq4d';
const TRACE_ON = { 'node-a': 'balancer-502.scap', 'node-b': 'curl_google.scap' } as const;

function linkIn(text: string): string {
  const match = /<(http[^|>]+)\|/.exec(text);
  if (!match?.[1]) throw new Error(`no link in: ${text}`);
  return match[1].replace(/&amp;/g, '&');
}

function sysdigFilter(pod: WirePod): string | undefined {
  const argv = [...(pod.spec?.initContainers?.[0]?.command ?? []), ...(pod.spec?.initContainers?.[0]?.args ?? [])];
  const dashes = argv.indexOf('--');
  return dashes < 0 ? undefined : argv[dashes + 1];
}

describe('when a responder captures a whole deployment running on two nodes', () => {
  let world: World;
  let app: CapturebotProcess;
  let status: ChannelMessage;
  let captureId: string;
  const createdPods: WirePod[] = [];

  beforeAll(async () => {
    world = await startWorld();
    const labels = { app: 'ticket-balancer' };
    const owner = { kind: 'Deployment', name: 'ticket-balancer' } as const;
    world.kube.addWorkload({ kind: 'Deployment', namespace: INCIDENT_NAMESPACE, name: 'ticket-balancer', matchLabels: labels, replicas: 3 });
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: BALANCER_A2, nodeName: 'node-a', labels, owner, containerIds: { app: `containerd://${'a2'.repeat(32)}` } });
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: BALANCER_B, nodeName: 'node-b', labels, owner, containerIds: { app: `cri-o://${'b0'.repeat(32)}` } });
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: 'ticket-balancer-5967c66fb4-pending', nodeName: 'node-b', labels, phase: 'Pending', owner });
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: 'ticket-server-56c75bf88b-nqpcs', nodeName: 'node-b', labels: { app: 'ticket-server' } });
    world.kube.setScenario((pod) => {
      createdPods.push(structuredClone(pod));
      return { kind: 'trace', traceFile: fixturePath(TRACE_ON[pod.spec?.nodeName as keyof typeof TRACE_ON]) };
    });
    app = await startApp(world);
    const ack = await world.slack.sendSlashCommand(eventsUrl(app), { text: `deploy/ticket-balancer -n ${INCIDENT_NAMESPACE} 10s`, userId: USER, channelId: 'C0WIDE' });
    captureId = /Capture `([0-9A-Z]{26})` accepted for deployment `ticket-balancer` in namespace `ticket-generator`/.exec(await world.slack.readFirst(ack))?.[1] ?? '';
    await world.slack.waitFor((c) => c.method === 'chat.update' && c.args.channel === 'C0WIDE' && String(c.args.text).includes('Done'), { timeoutMs: 30_000 });
    status = world.slack.channelMessages('C0WIDE')[0]!;
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('keeps one status message, which names the pods and nodes the deployment resolved to', () => {
    expect(captureId).toMatch(/^[0-9A-Z]{26}$/);
    expect(world.slack.channelMessages('C0WIDE')).toHaveLength(1);
    expect(status.history[0]!.text).toContain('is capturing deployment `ticket-balancer` in namespace `ticket-generator` for 10s');
    expect(status.text).toContain(
      `:dart: Resolved to 3 pods on 2 nodes: \`node-a\`: \`${INCIDENT_POD}\`, \`${BALANCER_A2}\` · \`node-b\`: \`${BALANCER_B}\``,
    );
    expect(status.text).toMatch(/:white_check_mark: Done: \d+\.\d KiB captured on nodes `node-a`, `node-b`; the links are in the thread/);
  });

  it('ran one capture pod per node, each scoped to the containers of that node’s pods', () => {
    expect(createdPods.map((pod) => [pod.metadata.name, pod.spec?.nodeName])).toEqual([
      [`capture-${captureId.toLowerCase()}-0`, 'node-a'],
      [`capture-${captureId.toLowerCase()}-1`, 'node-b'],
    ]);
    expect(sysdigFilter(createdPods[0]!)).toBe('container.id in (5255305a76e4, a2a2a2a2a2a2)');
    expect(sysdigFilter(createdPods[1]!)).toBe('container.id in (b0b0b0b0b0b0)');
  });

  it('lets only the target’s containers through when real sysdig runs that filter over a whole node’s events', () => {
    // balancer-502.scap holds the whole node: haproxy (the incident pod), the backend and the host's own processes.
    const seen = execFileSync('sysdig', ['-r', fixturePath('balancer-502.scap'), '-p', '%container.id', sysdigFilter(createdPods[0]!) ?? ''], { encoding: 'utf8' });
    const ids = new Set(seen.split('\n').filter(Boolean));
    expect([...ids]).toEqual(['5255305a76e4']);
    const all = new Set(execFileSync('sysdig', ['-r', fixturePath('balancer-502.scap'), '-p', '%container.id'], { encoding: 'utf8' }).split('\n').filter(Boolean));
    expect([...all].sort()).toEqual(['5255305a76e4', 'b3aebba43b70', 'host']);
  });

  it('posts one link per node, each to that node’s trace', async () => {
    const links = status.replies.filter((reply) => reply.text.startsWith(':package:'));
    expect(links).toHaveLength(2);
    for (const [node, fixture] of Object.entries(TRACE_ON)) {
      const link = links.find((reply) => reply.text.includes(`node \`${node}\``));
      expect(link?.text).toMatch(new RegExp(`capture-deployment-ticket-balancer-${node}-\\d{8}T\\d{6}Z-${captureId}\\.scap\\.gz`));
      const bytes = Buffer.from(await (await fetch(linkIn(link!.text))).arrayBuffer());
      expect(bytes.equals(readFileSync(fixturePath(fixture)))).toBe(true);
    }
  });

  it("lists in each node's link the pods whose events its trace holds, and only those", () => {
    const links = status.replies.filter((reply) => reply.text.startsWith(':package:'));
    const onA = links.find((reply) => reply.text.includes('node `node-a`'))!.text;
    const onB = links.find((reply) => reply.text.includes('node `node-b`'))!.text;
    expect(onA).toContain(`holds pods \`${INCIDENT_POD}\`, \`${BALANCER_A2}\` in \`${INCIDENT_NAMESPACE}\``);
    expect(onA).not.toContain(BALANCER_B);
    expect(onB).toContain(`holds pod \`${BALANCER_B}\` in \`${INCIDENT_NAMESPACE}\``);
    expect(onB).not.toContain(INCIDENT_POD);
  });

  it('posts one summary merged over both nodes, after the links', () => {
    const summaries = status.replies.filter((reply) => reply.text.startsWith(':mag:'));
    expect(summaries).toHaveLength(1);
    expect(status.replies.at(-1)).toBe(summaries[0]);
    const summary = summaries[0]!.text;
    expect(summary).toContain('over 2 traces (nodes `node-a`, `node-b`)');
    expect(summary).toContain('*HTTP*: 41 exchanges: `200` ×21 · `502` ×20');
    expect(summary).toContain(':rotating_light: *502 Bad Gateway* ×20 on node `node-a` for `GET /getticket`');
    expect(summary).toContain('*Malformed header line* ×20 on node `node-a` in responses from `python3`');
    expect(summary).toContain(': `text/plain: Content-type`');
    expect(summary).toContain('• `GET www.google.com /` to `[2607:f8b0:4004:802::2004]:80`: 200 ×1, 37.515 ms, on node `node-b`');
  });

  it('opens next the trace of the node where the 502s were', () => {
    const summary = status.replies.find((reply) => reply.text.startsWith(':mag:'))!.text;
    expect(summary).toMatch(
      new RegExp(`\\*Open next\\*: the bytes python3 \\(10\\.40\\.3\\.4:8080\\) sent while haproxy \\(10\\.40\\.1\\.6:80\\) answered 502 on node \`node-a\`: \`sysdig -r capture-deployment-ticket-balancer-node-a-\\d{8}T\\d{6}Z-${captureId}\\.scap\\.gz -A `),
    );
  });

  it('deletes both capture pods and keeps both traces in the job result, without links', async () => {
    await vi.waitFor(() => expect(world.kube.pods(CAPTURE_NAMESPACE)).toEqual([]), { timeout: 10_000 });
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('captures', { connection, prefix: world.prefix });
    const job = await queue.getJob(captureId);
    await queue.close();
    connection.disconnect();
    expect(job?.returnvalue.files.map((file: { node: string }) => file.node)).toEqual(['node-a', 'node-b']);
    expect(JSON.stringify(job?.returnvalue)).not.toContain('X-Amz');
  });

  it('offers both traces again through the Fresh link button', async () => {
    world.slack.setChannelMembers('C0WIDE', [USER]);
    const clicked = await world.slack.sendInteraction(eventsUrl(app), {
      type: 'block_actions',
      user: { id: USER },
      channel: { id: 'C0WIDE' },
      actions: [{ action_id: 'capture_fresh_link', block_id: 'list', value: captureId }],
    });
    expect(clicked.status).toBe(200);
    const posted = await world.slack.waitFor((c) => c.method === 'chat.postEphemeral' && c.args.user === USER, { timeoutMs: 10_000 });
    expect(String(posted.args.text)).toContain(':link: Fresh links to capture');
    expect(String(posted.args.text).match(/:package: </g)).toHaveLength(2);
  });

  it('asked the API server only for what deploy/ grants the worker', () => {
    const used = world.kube.requests.map((r) => `${r.verb} ${r.apiGroup}/${r.resource} ${r.namespace ?? '*'}`);
    expect(used).toContain('list /pods ticket-generator');
    expect(used.some((u) => u.includes('apps/'))).toBe(false);
    expect(compareWorkerRbac(world.kube.requests).missing).toEqual([]);
  });
});

describe('when both nodes of a wide capture saw the same incident', () => {
  let world: World;
  let app: CapturebotProcess;
  let summary: string;
  let captureId: string;

  beforeAll(async () => {
    world = await startWorld();
    const labels = { app: 'ticket-balancer' };
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: BALANCER_B, nodeName: 'node-b', labels });
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap') }));
    app = await startApp(world);
    const ack = await world.slack.sendSlashCommand(eventsUrl(app), { text: `-l app=ticket-balancer -n ${INCIDENT_NAMESPACE} 10s`, userId: USER, channelId: 'C0WIDESAME' });
    captureId = /Capture `([0-9A-Z]{26})` accepted/.exec(await world.slack.readFirst(ack))?.[1] ?? '';
    await world.slack.waitFor((c) => c.method === 'chat.update' && c.args.channel === 'C0WIDESAME' && String(c.args.text).includes('Done'), { timeoutMs: 30_000 });
    summary = world.slack.channelMessages('C0WIDESAME')[0]!.replies.find((reply) => reply.text.startsWith(':mag:'))?.text ?? '';
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('says each finding once, counted over both nodes, instead of twice without the node', () => {
    expect(summary.match(/502 Bad Gateway/g)).toHaveLength(1);
    expect(summary.match(/Malformed header line/g)).toHaveLength(1);
    expect(summary).toContain(':rotating_light: *502 Bad Gateway* ×40 on both nodes for `GET /getticket`');
    expect(summary).toContain('*Malformed header line* ×40 on both nodes in responses from `python3`');
    expect(summary).toContain('• `GET /getticket` to `haproxy` at `10.40.1.6:80` in pod `ticket-balancer-5967c66fb4-qnzj6`: 502 ×40');
    expect(summary).toContain('`haproxy` 9.9 KiB network (pod `ticket-balancer-5967c66fb4-qnzj6`, node `node-a`)');
  });

  it('opens next node-a’s trace and names node-b’s, where the same filter finds it', () => {
    const file = (node: string) => `capture-selector-app-ticket-balancer-${node}-\\d{8}T\\d{6}Z-${captureId}\\.scap\\.gz`;
    expect(summary).toMatch(new RegExp(`answered 502 on nodes \`node-a\`, \`node-b\`: \`sysdig -r ${file('node-a')} -A '[^\`]+'\`, .*; the same filter finds it in \`${file('node-b')}\` \\(node \`node-b\`\\)`));
  });
});

describe('when a capture would span more nodes than MAX_NODES_PER_CAPTURE', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: BALANCER_B, nodeName: 'node-b', labels: { app: 'ticket-balancer' } });
    app = await startApp(world, 'all', { MAX_NODES_PER_CAPTURE: '1' });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  const answer = async (text: string, channel: string): Promise<string> => {
    const ack = await world.slack.sendSlashCommand(eventsUrl(app), { text, userId: 'U0RESPONDER', channelId: channel });
    return world.slack.readFirst(ack);
  };

  it('refuses clearly before anything is posted, naming the nodes and the setting, and starts nothing', async () => {
    const text = await answer(`-l app=ticket-balancer -n ${INCIDENT_NAMESPACE} 10s`, 'C0TOOWIDE');
    expect(text).toContain(
      '-l app=ticket-balancer runs 2 pods on 2 nodes (node-a, node-b), more nodes than one capture may span (MAX_NODES_PER_CAPTURE is 1): nothing was started.',
    );
    expect(world.slack.channelMessages('C0TOOWIDE')).toEqual([]);
    expect(world.kube.requests.filter((r) => r.verb === 'create' && r.resource === 'pods' && !r.subresource)).toEqual([]);
  });

  it('still captures a node as a whole: every pod on it, under no pod filter', async () => {
    const text = await runCapture(world, eventsUrl(app), 'node/node-b 10s', 'C0NODE');
    expect(text).toContain('is capturing every pod on node `node-b` for 10s');
    expect(text).toContain('Whole node `node-b`: every pod on it, whatever its namespace (1 pod now)');
    expect(text).toMatch(/Done: .* captured on node `node-b`/);
    const link = world.slack.channelMessages('C0NODE')[0]?.replies.find((reply) => reply.text.startsWith(':package:'));
    expect(link?.text).toContain('holds whole node `node-b`: every pod on it, of every namespace');
    const created = world.kube.requests.find((r) => r.verb === 'create' && r.resource === 'pods' && !r.subresource);
    expect(created?.namespace).toBe(CAPTURE_NAMESPACE);
    expect(world.kube.requests.some((r) => r.verb === 'get' && r.resource === 'nodes' && r.name === 'node-b')).toBe(true);
  });

  it('says when a workload does not exist, and posts nothing', async () => {
    const text = await answer(`statefulset/ghost -n ${INCIDENT_NAMESPACE} 10s`, 'C0GHOST');
    expect(text).toContain('No pod of statefulset `ghost` exists in namespace `ticket-generator` (or there is no such statefulset).');
    expect(world.slack.channelMessages('C0GHOST')).toEqual([]);
  });
});
