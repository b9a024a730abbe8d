import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { capturePodName } from '../../src/capture/names.js';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { requestCapture, until, waitForStatus } from '../support/fault-steps.js';
import { fixturePath } from '../support/fixtures.js';

const NEIGHBOUR = 'ticket-server-6d9f8-abcde';
const ELSEWHERE = 'ticket-cache-7c8d9-fghij';
const MANUAL = () => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }) as const;

function addTargets(world: World): void {
  world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: NEIGHBOUR, nodeName: 'node-a' });
  world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: ELSEWHERE, nodeName: 'node-b' });
}

describe('when captures would crowd a node (MAX_CAPTURES_PER_NODE 1, the default)', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    addTargets(world);
    world.kube.setScenario(MANUAL);
    app = await startApp(world, 'all');
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('holds the second capture on a node back, says what it waits for, and starts it when the first ends', async () => {
    const first = await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, 'C0NODE1');
    await waitForStatus(world, 'C0NODE1', /Capturing on node `node-a`/);
    const second = await requestCapture(world, app, `${NEIGHBOUR} -n ${INCIDENT_NAMESPACE} 30s`, 'C0NODE2');
    expect(await waitForStatus(world, 'C0NODE2', /Waiting/)).toContain('Waiting: node node-a already runs 1 capture (MAX_CAPTURES_PER_NODE is 1)');
    expect(world.kube.pod(CAPTURE_NAMESPACE, capturePodName(second))).toBeUndefined();

    const elsewhere = await requestCapture(world, app, `${ELSEWHERE} -n ${INCIDENT_NAMESPACE} 30s`, 'C0NODE3');
    await waitForStatus(world, 'C0NODE3', /Capturing on node `node-b`/);

    world.kube.finishCapture(capturePodName(first), CAPTURE_NAMESPACE);
    await waitForStatus(world, 'C0NODE1', /Done: /);
    await waitForStatus(world, 'C0NODE2', /Capturing on node `node-a`/, 20_000);
    world.kube.finishCapture(capturePodName(second), CAPTURE_NAMESPACE);
    world.kube.finishCapture(capturePodName(elsewhere), CAPTURE_NAMESPACE);
    await waitForStatus(world, 'C0NODE2', /Done: /);
    await waitForStatus(world, 'C0NODE3', /Done: /);
  });
});

describe('when captures would crowd the cluster (MAX_CAPTURES 1)', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    addTargets(world);
    world.kube.setScenario(MANUAL);
    app = await startApp(world, 'all', { MAX_CAPTURES: '1', MAX_CAPTURES_PER_NODE: '3', MAX_NODES_PER_CAPTURE: '1' });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('holds a capture on another node back until the running one ends', async () => {
    const first = await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, 'C0ALL1');
    await waitForStatus(world, 'C0ALL1', /Capturing/);
    const second = await requestCapture(world, app, `${ELSEWHERE} -n ${INCIDENT_NAMESPACE} 30s`, 'C0ALL2');
    expect(await waitForStatus(world, 'C0ALL2', /Waiting/)).toContain('Waiting: 1 capture already runs (MAX_CAPTURES is 1)');
    world.kube.finishCapture(capturePodName(first), CAPTURE_NAMESPACE);
    await waitForStatus(world, 'C0ALL2', /Capturing on node `node-b`/, 20_000);
    world.kube.finishCapture(capturePodName(second), CAPTURE_NAMESPACE);
    await waitForStatus(world, 'C0ALL2', /Done: /);
  });
});

describe('when one person sends too many requests (MAX_REQUESTS_PER_USER_PER_HOUR 2)', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    app = await startApp(world, 'all', { MAX_REQUESTS_PER_USER_PER_HOUR: '2' });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  afterEach(() => {
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap') }));
  });

  it('refuses the third request of the hour, saying when to try again, and starts nothing', async () => {
    const command = `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`;
    await requestCapture(world, app, command, 'C0RATE', 'U0BUSY');
    await requestCapture(world, app, command, 'C0RATE', 'U0BUSY');
    await until(() => world.slack.channelMessages('C0RATE').length === 2, 10_000, 'both status messages');
    const third = await world.slack.sendSlashCommand(eventsUrl(app), { text: command, userId: 'U0BUSY', channelId: 'C0RATE' });
    const body = await world.slack.firstAnswer(third);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(/You have made 2 capture requests in the last hour.*MAX_REQUESTS_PER_USER_PER_HOUR is 2.*Try again after \d{4}-\d\d-\d\d \d\d:\d\d UTC.*Nothing was started/s);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(world.slack.channelMessages('C0RATE')).toHaveLength(2);
  });

  it('counts each person on their own, and never counts help or refused commands', async () => {
    const help = await world.slack.sendSlashCommand(eventsUrl(app), { text: 'help', userId: 'U0OTHER', channelId: 'C0RATE2' });
    expect((help.body as { text: string }).text).toContain('`/capture ticket-balancer -n ticket-generator 30s`');
    await world.slack.sendSlashCommand(eventsUrl(app), { text: 'nginx -w /tmp/x', userId: 'U0OTHER', channelId: 'C0RATE2' });
    await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, 'C0RATE2', 'U0OTHER');
    await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, 'C0RATE2', 'U0OTHER');
  });
});
