import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { robustnessKeys } from '../../src/queue/robustness-keys.js';
import { startCapturebot, type CapturebotProcess } from '../support/capturebot-process.js';
import { INCIDENT_CONTAINER_ID, INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { fixturePath } from '../support/fixtures.js';
import { startKubeStandIn, type KubeStandIn } from '../support/kube/index.js';
import { REDIS_URL } from '../support/redis.js';
import { signedJob } from '../support/signed-job.js';
import { clickButton, waitForCard } from '../support/approvals.js';
import { APPROVE_ACTION } from '../../src/slack/approval-actions.js';

const USER = 'U0RESPONDER';
const STAGING_ONLY = 'web-7d4b9c6f5-x2x9z';
const PAYMENTS_POD = 'payments-6b8f7c9d4-abcde';
// prod-eu's incident channel: its captures need neither -n nor --cluster.
const POLICY = `defaults:
  approval: none
rules:
  - name: prod payments
    namespaces: [payments]
    clusters: ["prod-*"]
    approval: required
channels:
  C0EU:
    cluster: prod-eu
    namespace: ${INCIDENT_NAMESPACE}
`;

async function ask(world: World, bot: CapturebotProcess, text: string, channel: string): Promise<string> {
  const ack = await world.slack.sendSlashCommand(eventsUrl(bot), { text, userId: USER, channelId: channel });
  return world.slack.readFirst(ack);
}

function podCreates(kube: KubeStandIn): number {
  return kube.requests.filter((r) => r.verb === 'create' && r.resource === 'pods' && !r.subresource).length;
}

async function statusText(world: World, channel: string, stage: RegExp): Promise<string> {
  await expect.poll(() => world.slack.channelMessages(channel)[0]?.text ?? '', { timeout: 30_000 }).toMatch(stage);
  return world.slack.channelMessages(channel)[0]!.text;
}

/** The clusters the workers announced in Redis. */
async function announced(redis: Redis, prefix: string): Promise<string[]> {
  const beats = Object.values(await redis.hgetall(robustnessKeys(prefix).workers)).map((text) => (JSON.parse(text) as { cluster: string }).cluster);
  return [...new Set(beats)].sort();
}

describe('when one bot serves two clusters, each through its own worker', () => {
  let world: World;
  let staging: KubeStandIn;
  let bot: CapturebotProcess;
  let euWorker: CapturebotProcess;
  let stagingWorker: CapturebotProcess;
  let redis: Redis;

  beforeAll(async () => {
    world = await startWorld({ policy: POLICY });
    staging = await startKubeStandIn({ nodes: ['node-s'] });
    staging.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap') }));
    // The same pod name in both clusters, and one pod only staging runs.
    staging.addPod({ namespace: INCIDENT_NAMESPACE, name: INCIDENT_POD, nodeName: 'node-s', containers: ['haproxy'], containerIds: { haproxy: INCIDENT_CONTAINER_ID } });
    world.kube.addPod({ namespace: 'payments', name: PAYMENTS_POD, nodeName: 'node-a' });
    staging.addPod({ namespace: 'payments', name: PAYMENTS_POD, nodeName: 'node-s' });
    staging.addPod({ namespace: 'shop', name: STAGING_ONLY, nodeName: 'node-s', owner: { kind: 'Deployment', name: 'web' } });
    redis = new Redis(REDIS_URL);
    // The bot has no cluster credentials at all.
    const { KUBECONFIG: _none, ...botEnv } = world.env;
    [bot, euWorker, stagingWorker] = await Promise.all([
      startCapturebot('bot', botEnv),
      startApp(world, 'worker', { CLUSTER_NAME: 'prod-eu' }),
      startCapturebot('worker', { ...world.env, KUBECONFIG: staging.kubeconfigPath, CLUSTER_NAME: 'staging' }),
    ]);
    for (let i = 0; i < 150 && (await announced(redis, world.prefix)).length < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  }, 90_000);

  afterAll(async () => {
    await Promise.allSettled([bot?.stop(), euWorker?.stop(), stagingWorker?.stop()]);
    redis?.disconnect();
    await staging?.close();
    await world?.close();
  });

  it('`--cluster staging` captures in staging only, and every message names the cluster', async () => {
    const text = await ask(world, bot, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s --cluster staging`, 'C0NAMED');
    expect(text).toContain('in cluster `staging`');
    const status = await statusText(world, 'C0NAMED', /Done/);
    expect(status).toContain(`pod \`${INCIDENT_POD}\` in namespace \`${INCIDENT_NAMESPACE}\` in cluster \`staging\``);
    expect(podCreates(staging)).toBe(1);
    expect(podCreates(world.kube)).toBe(0);
    const queue = new Queue('captures@staging', { connection: { url: REDIS_URL }, prefix: world.prefix });
    const [job] = await queue.getJobs(['completed']);
    await queue.close();
    expect(job?.data).toMatchObject({ cluster: 'staging' });
    expect((job?.returnvalue as { key: string }).key).toMatch(new RegExp(`^staging/${INCIDENT_NAMESPACE}/${INCIDENT_POD}/capture-staging-${INCIDENT_POD}-`));
  });

  it('lists and re-links that capture from its cluster: `list --cluster` keeps that cluster only, and a fresh link comes from staging', async () => {
    world.slack.setChannelMembers('C0NAMED', [USER]);
    const listed = async (text: string) => {
      const sent = await world.slack.sendSlashCommand(eventsUrl(bot), { text, userId: USER, channelId: 'C0NAMED' });
      const [post] = await world.slack.waitForResponses(sent.responseUrl, { timeoutMs: 10_000 });
      return (post!.body as { text: string }).text;
    };
    const all = await listed('list');
    const captureId = /capture ([0-9A-HJKMNP-TV-Z]{26})/.exec(all)?.[1] ?? '';
    expect(captureId).not.toBe('');
    expect(all).toContain('in cluster `staging`');
    expect(await listed('list --cluster staging')).toContain(captureId);
    expect(await listed('list --cluster prod-eu')).not.toContain(captureId);
    const clicked = await world.slack.sendInteraction(eventsUrl(bot), {
      type: 'block_actions',
      user: { id: USER },
      channel: { id: 'C0NAMED', name: 'named' },
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0NAMED', is_ephemeral: true },
      actions: [{ action_id: 'capture_fresh_link', block_id: 'list', value: captureId }],
    });
    expect(clicked.status).toBe(200);
    const posted = await world.slack.waitFor((c) => c.method === 'chat.postEphemeral' && c.args.user === USER && String(c.args.text).includes(captureId), { timeoutMs: 10_000 });
    expect(String(posted.args.text)).toContain(`/staging/${INCIDENT_NAMESPACE}/${INCIDENT_POD}/capture-staging-`);
    expect(stagingWorker.logs.some((l) => l.audit === 'fresh-link-issued' && l.captureId === captureId)).toBe(true);
  });

  it("uses the channel's default cluster and namespace when the command names neither", async () => {
    const before = podCreates(world.kube);
    const text = await ask(world, bot, `${INCIDENT_POD} 5s`, 'C0EU');
    expect(text).toContain(`in namespace \`${INCIDENT_NAMESPACE}\` in cluster \`prod-eu\``);
    await statusText(world, 'C0EU', /Done/);
    expect(podCreates(world.kube)).toBe(before + 1);
  });

  it('finds a target in the one cluster that has it, asking every live cluster', async () => {
    const before = podCreates(staging);
    const text = await ask(world, bot, `${STAGING_ONLY} -n shop 5s`, 'C0FIND');
    expect(text).toContain('in cluster `staging`');
    await statusText(world, 'C0FIND', /Done/);
    expect(podCreates(staging)).toBe(before + 1);
  });

  it('starts nothing when the target is in both clusters, and gives the command for each', async () => {
    const text = await ask(world, bot, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, 'C0BOTH');
    expect(text).toContain('of 2 clusters, so nothing was started');
    expect(text).toContain(`\`/capture ${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s --cluster prod-eu\``);
    expect(text).toContain(`\`/capture ${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s --cluster staging\``);
    expect(world.slack.channelMessages('C0BOTH')).toEqual([]);
  });

  it("says what each cluster has when none has the target", async () => {
    const text = await ask(world, bot, 'web-7d4 -n ticket-generator 5s', 'C0NONE');
    expect(text).toContain('*Cluster `prod-eu`*');
    expect(text).toContain('*Cluster `staging`*');
    expect(text).toContain('Nothing was started.');
    expect(world.slack.channelMessages('C0NONE')).toEqual([]);
  });

  it('asks for an approval in prod only, and the approved capture runs in prod', async () => {
    const before = podCreates(world.kube);
    expect(await ask(world, bot, `${PAYMENTS_POD} -n payments 5s --cluster staging`, 'C0PAYSTAGING')).toContain('accepted');
    expect(await ask(world, bot, `${PAYMENTS_POD} -n payments 5s --cluster prod-eu`, 'C0PAYPROD')).toContain('needs an approval');
    const card = await waitForCard(world, 'C0PAYPROD');
    expect(card.text).toContain(`asks to capture pod \`${PAYMENTS_POD}\` in namespace \`payments\` in cluster \`prod-eu\``);
    await clickButton(world, bot, card, 'U0APPROVER', APPROVE_ACTION);
    await expect.poll(() => world.slack.channelMessages('C0PAYPROD').find((m) => /Done/.test(m.text))?.text ?? '', { timeout: 30_000 }).toContain('in cluster `prod-eu`');
    expect(podCreates(world.kube)).toBe(before + 1);
  });

  it('lists the known clusters for an unknown name', async () => {
    expect(await ask(world, bot, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} --cluster prod-us`, 'C0UNKNOWN')).toBe(
      ':warning: There is no cluster `prod-us`: the known clusters are `prod-eu`, `staging`. Nothing was started.',
    );
  });

  it("a worker refuses a job of another cluster moved into its queue", async () => {
    const captureId = ulid();
    const job = signedJob({
      captureId,
      pod: INCIDENT_POD,
      namespace: INCIDENT_NAMESPACE,
      durationSeconds: 5,
      snaplen: 80,
      driver: 'modern-bpf',
      requestedBy: USER,
      channel: 'C0MOVED',
      statusTs: '1700000000.000100',
      requestedAt: new Date().toISOString(),
      cluster: 'staging',
    });
    const queue = new Queue('captures@prod-eu', { connection: { url: REDIS_URL }, prefix: world.prefix });
    const before = podCreates(world.kube);
    await queue.add('capture', job, { jobId: captureId, attempts: 1 });
    await queue.close();
    await expect
      .poll(() => euWorker.logs.find((l) => l.audit === 'worker-refused' && l.captureId === captureId)?.reason, { timeout: 15_000 })
      .toBe('the job is for cluster staging, and this worker serves cluster prod-eu');
    expect(podCreates(world.kube)).toBe(before);
  });

  it('answers at once for a cluster whose worker is gone, and the other cluster goes on working', async () => {
    await stagingWorker.stop('SIGKILL');
    // As if its last heartbeat were 40 s old: the bot holds it unreachable after 30 s.
    const key = robustnessKeys(world.prefix).workers;
    const lastSeenMs = Date.now() - 40_000;
    for (const [id, text] of Object.entries(await redis.hgetall(key))) {
      const beat = JSON.parse(text) as { cluster: string };
      if (beat.cluster === 'staging') await redis.hset(key, id, JSON.stringify({ ...beat, lastSeenMs }));
    }
    const started = Date.now();
    const text = await ask(world, bot, `${STAGING_ONLY} -n shop --cluster staging`, 'C0GONE');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(text).toMatch(/^:warning: Cluster `staging` is unreachable: no worker of it has been heard from since \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
    // With staging unreachable, prod-eu is the only live cluster: a target named without a cluster goes there.
    await ask(world, bot, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, 'C0STILL');
    expect(await statusText(world, 'C0STILL', /Done/)).toContain('in cluster `prod-eu`');
  });
});
