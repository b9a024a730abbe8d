import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureJobs, waitForCard } from '../support/approvals.js';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';

const USER = 'U0RESPONDER';
const SERVER_POD = 'ticket-server-56c75bf88b-nqpcs';

async function ask(world: World, app: CapturebotProcess, text: string, channel: string): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  const ack = await world.slack.sendSlashCommand(eventsUrl(app), { text, userId: USER, channelId: channel });
  return { text: await world.slack.readFirst(ack), ms: Date.now() - started };
}

describe('when a responder names the workload, as in the design card', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    // Four eyes: every capture waits for an approval, so the card is what an approver sees.
    world = await startWorld({ policy: 'defaults:\n  approval: required\n' });
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: SERVER_POD, nodeName: 'node-b', owner: { kind: 'Deployment', name: 'ticket-server' } });
    world.kube.addPod({ namespace: 'shop', name: 'web-7d4b9c6f5-x2x9z', nodeName: 'node-b', owner: { kind: 'Deployment', name: 'web' } });
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: 'api-7d4b9c6f5-aaaaa', nodeName: 'node-b', phase: 'Pending', owner: { kind: 'Deployment', name: 'api' } });
    app = await startApp(world, 'all');
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('`/capture ticket-balancer -n ticket-generator 30s` asks for approval of the deployment, naming its exact pod and node', async () => {
    const { text } = await ask(world, app, `ticket-balancer -n ${INCIDENT_NAMESPACE} 30s`, 'C0CARD');
    expect(text).toContain('needs an approval');
    const card = await waitForCard(world, 'C0CARD');
    expect(card.text).toContain('asks to capture deployment `ticket-balancer` in namespace `ticket-generator`');
    expect(card.text).toContain(`:dart: Resolved to 1 pod on 1 node: \`node-a\`: \`${INCIDENT_POD}\``);
    expect(await captureJobs(world.prefix)).toEqual([]);
  });

  it('answers a typo within 2 s with what exists, and puts nothing on a card', async () => {
    const { text, ms } = await ask(world, app, `ticket-balacner -n ${INCIDENT_NAMESPACE} 30s`, 'C0TYPO');
    expect(ms).toBeLessThan(2_000);
    expect(text).toContain('Nothing named `ticket-balacner` runs in namespace `ticket-generator`');
    expect(text).toContain('Did you mean `deploy/ticket-balancer` (deployment, 1 running pod)?');
    expect(text).toContain('Nothing was started.');
    expect(world.slack.channelMessages('C0TYPO')).toEqual([]);
  });

  it('says in which namespace a name runs, with the command to type', async () => {
    const { text } = await ask(world, app, 'ticket-balancer 30s', 'C0ELSEWHERE');
    expect(text).toContain('`ticket-balancer` runs in namespace `ticket-generator`: `/capture deploy/ticket-balancer -n ticket-generator 30s`');
    expect(world.slack.channelMessages('C0ELSEWHERE')).toEqual([]);
  });

  it('says which pods a workload has, and their status, when none runs', async () => {
    const { text } = await ask(world, app, `api -n ${INCIDENT_NAMESPACE} 30s`, 'C0PENDING');
    expect(text).toMatch(/Deployment `api` in namespace `ticket-generator` has no running pod: `api-7d4b9c6f5-aaaaa` \w+/);
  });

  it('takes the start of a pod name, and says so', async () => {
    const { text } = await ask(world, app, `ticket-server-56c -n ${INCIDENT_NAMESPACE} 30s`, 'C0PREFIX');
    expect(text).toContain('`ticket-server-56c` is the start of one pod');
    const card = await waitForCard(world, 'C0PREFIX');
    expect(card.text).toContain(`asks to capture pod \`${SERVER_POD}\``);
  });

  it('refuses a -c that names no container of the pod, listing the ones there are', async () => {
    const { text } = await ask(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} -c nginx 30s`, 'C0CONTAINER');
    expect(text).toContain(`No running container named \`nginx\` in the pods matched: \`${INCIDENT_POD}\` has \`haproxy\``);
  });
});

describe('when no worker is running', () => {
  let world: World;
  let bot: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    bot = await startApp(world, 'bot', { RESOLVE_TIMEOUT: '2s' });
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await world?.close();
  });

  it('tells the requester, after RESOLVE_TIMEOUT, that nothing was started, and queues nothing', async () => {
    const result = await world.slack.sendSlashCommand(eventsUrl(bot), { text: `ticket-balancer -n ${INCIDENT_NAMESPACE} 30s`, userId: USER, channelId: 'C0NOWORKER' });
    expect(result.elapsedMs).toBeLessThan(3_000);
    expect(result.body).toBe('');
    const [holding, later] = await world.slack.waitForResponses(result.responseUrl, { count: 2, timeoutMs: 10_000 });
    expect(String(holding?.body.text)).toContain('Checking your request');
    expect(String(later?.body.text)).toContain('No capturebot worker answered within 2s, so no worker is running (or none reaches Redis): nothing was started.');
    expect(world.slack.channelMessages('C0NOWORKER')).toEqual([]);
    expect(await captureJobs(world.prefix)).toEqual([]);
  });
});
