import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { capturePodName } from '../../src/capture/names.js';
import { CAPTURE_ID_LABEL, MANAGED_BY_LABEL } from '../../src/kube/capture-pod.js';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { compareWorkerRbac } from '../support/deploy-rbac.js';
import { fixturePath } from '../support/fixtures.js';
import type { RequestRecord } from '../support/kube/index.js';
import { deriveRbacFromRequests } from '../support/rbac.js';
import { runCapture } from '../support/run-capture.js';

const CHANNEL = 'C0RBAC';
const USER = 'U0RESPONDER';
const INCIDENT = `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`;
/** A capture pod no job knows of, as a crashed install could leave behind: the janitor's work. */
const LEFTOVER_ID = '01JDQ3V8X6M2T9R4K7C5N1B0FZ';
const LEFTOVER = { name: capturePodName(LEFTOVER_ID), captureId: LEFTOVER_ID };

/** Every kind of target wider than one pod, as typed. */
const WIDE_TARGETS = {
  deployment: `deploy/ticket-balancer -n ${INCIDENT_NAMESPACE}`,
  statefulset: `statefulset/ticket-db -n ${INCIDENT_NAMESPACE}`,
  daemonset: `daemonset/node-agent -n ${INCIDENT_NAMESPACE}`,
  selector: `-l app=ticket-balancer -n ${INCIDENT_NAMESPACE}`,
  node: 'node/node-b',
} as const;

/** The workloads WIDE_TARGETS name, each with a running pod (the incident pod is the balancer's first). */
function seedWorkloads(world: World): void {
  world.kube.addWorkload({ kind: 'Deployment', namespace: INCIDENT_NAMESPACE, name: 'ticket-balancer', matchLabels: { app: 'ticket-balancer' } });
  world.kube.addWorkload({ kind: 'StatefulSet', namespace: INCIDENT_NAMESPACE, name: 'ticket-db', matchLabels: { app: 'ticket-db' } });
  world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: 'ticket-db-0', nodeName: 'node-b', labels: { app: 'ticket-db' }, owner: { kind: 'StatefulSet', name: 'ticket-db' } });
  world.kube.addWorkload({ kind: 'DaemonSet', namespace: INCIDENT_NAMESPACE, name: 'node-agent', matchLabels: { app: 'node-agent' } });
  world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: 'node-agent-x7k2p', nodeName: 'node-a', labels: { app: 'node-agent' }, owner: { kind: 'DaemonSet', name: 'node-agent' } });
}

/** Starts a capture that runs until cancelled, cancels it once it records, and returns the final status text. */
async function cancelRunningCapture(world: World, botUrl: string, channel: string): Promise<string> {
  world.kube.setScenario(() => ({ kind: 'never-finishes' }));
  const ack = await world.slack.sendSlashCommand(botUrl, { text: INCIDENT, userId: USER, channelId: channel });
  const answer = await world.slack.readFirst(ack);
  const captureId = /`([0-9A-HJKMNP-TV-Z]{26})`/.exec(answer)?.[1];
  if (!captureId) throw new Error(`no capture id in ${answer}`);
  const capturing = (c: { method: string; args: Record<string, unknown> }) => c.method === 'chat.update' && c.args.channel === channel;
  await world.slack.waitFor((c) => capturing(c) && String(c.args.text).includes('Capturing'), { timeoutMs: 20_000 });
  await world.slack.sendSlashCommand(botUrl, { text: `cancel ${captureId}`, userId: USER, channelId: channel });
  const cancelled = await world.slack.waitFor((c) => capturing(c) && String(c.args.text).includes('Cancelled'), { timeoutMs: 20_000 });
  world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap') }));
  return String(cancelled.args.text);
}

/**
 * The worker's Role and ClusterRole are checked against what the worker really
 * sends: the bot and the worker run as separate processes (the bot never talks
 * to Kubernetes), through the success path, every failure path that reaches
 * the API server and the readiness check, and the Kubernetes stand-in records
 * each request in RBAC terms.
 */
describe('the worker RBAC in deploy/, derived from what the worker asks of the API server', () => {
  let world: World;
  let worker: CapturebotProcess;
  let bot: CapturebotProcess;
  const outcomes: Record<string, string> = {};
  let requests: readonly RequestRecord[];

  beforeAll(async () => {
    world = await startWorld();
    world.kube.addPod({
      namespace: CAPTURE_NAMESPACE,
      name: LEFTOVER.name,
      nodeName: 'node-b',
      labels: { [MANAGED_BY_LABEL]: 'capturebot', [CAPTURE_ID_LABEL]: LEFTOVER.captureId },
    });
    seedWorkloads(world);
    worker = await startApp(world, 'worker', { JANITOR_INTERVAL: '1s' });
    bot = await startApp(world, 'bot', { MAX_REQUESTS_PER_USER_PER_HOUR: '100' });
    const capture = (text: string, channel: string) => runCapture(world, eventsUrl(bot), text, `${CHANNEL}${channel}`, USER);

    outcomes.success = await capture(INCIDENT, 'OK');
    for (const [name, target] of Object.entries(WIDE_TARGETS)) outcomes[name] = await capture(`${target} 5s`, name.toUpperCase());
    // Targets that resolve to nothing are answered before anything is queued: the worker's resolve step looks them up.
    const answer = async (text: string, channel: string) =>
      world.slack.readFirst(await world.slack.sendSlashCommand(eventsUrl(bot), { text, userId: USER, channelId: `${CHANNEL}${channel}` }));
    outcomes.notFound = await answer(`ghost-pod-0 -n ${INCIDENT_NAMESPACE} 5s`, 'GHOST');
    world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: 'ticket-server-pending', nodeName: 'node-b', phase: 'Pending' });
    outcomes.notRunning = await answer(`ticket-server-pending -n ${INCIDENT_NAMESPACE} 5s`, 'PENDING');
    world.kube.setScenario(() => ({ kind: 'capture-fails', exitCode: 1, logLines: ['Unable to load the driver'] }));
    outcomes.sysdigFails = await capture(INCIDENT, 'DRIVER');
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap') }));
    await world.s3.stop();
    try {
      outcomes.storageDown = await capture(INCIDENT, 'S3');
    } finally {
      await world.s3.restart();
    }
    outcomes.cancelled = await cancelRunningCapture(world, eventsUrl(bot), `${CHANNEL}CANCEL`);
    outcomes.ready = String((await fetch(`http://127.0.0.1:${worker.port}/readyz`)).status);
    // Pods are deleted after the status says so; the janitor removes the leftover on its own round.
    await vi.waitFor(() => expect(world.kube.pods(CAPTURE_NAMESPACE)).toEqual([]), { timeout: 10_000 });
    requests = [...world.kube.requests];
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([bot?.stop(), worker?.stop()]);
    await world?.close();
  });

  it('went through every path it is meant to cover', () => {
    expect(outcomes.success).toContain('Done');
    for (const name of Object.keys(WIDE_TARGETS)) expect(outcomes[name], name).toContain('Done');
    expect(outcomes.notFound).toContain('Nothing named `ghost-pod-0` runs');
    expect(outcomes.notRunning).toContain('not Running');
    expect(outcomes.sysdigFails).toContain('sysdig exited with code 1');
    expect(outcomes.storageDown).toContain('could not store the trace');
    expect(outcomes.cancelled).toContain(`Cancelled by <@${USER}>`);
    expect(outcomes.ready).toBe('200');
  });

  it('saw the worker use the API server for each stage: find, create, watch, read out, read logs, delete, name peers, readiness, janitor', () => {
    expect(requests.some((r) => r.verb === 'delete' && r.name === LEFTOVER.name)).toBe(true);
    const used = deriveRbacFromRequests(requests).map((p) => `${p.verb} ${p.resource} ${p.namespace ?? '*'}`);
    expect(used).toEqual(
      expect.arrayContaining([
        `list pods ${INCIDENT_NAMESPACE}`,
        `create pods ${CAPTURE_NAMESPACE}`,
        `watch pods ${CAPTURE_NAMESPACE}`,
        `get pods/exec ${CAPTURE_NAMESPACE}`,
        `create pods/exec ${CAPTURE_NAMESPACE}`,
        `get pods/log ${CAPTURE_NAMESPACE}`,
        `delete pods ${CAPTURE_NAMESPACE}`,
        `list pods ${CAPTURE_NAMESPACE}`,
        'list pods *',
        'list services *',
      ]),
    );
  });

  it('grants every request the worker sent', () => {
    expect(compareWorkerRbac(requests).missing).toEqual([]);
  });

  it('grants nothing the worker did not use, and nothing cluster-wide that it used only in the capture namespace', () => {
    expect(compareWorkerRbac(requests).unused).toEqual([]);
  });
});
