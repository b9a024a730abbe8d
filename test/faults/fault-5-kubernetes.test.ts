import { KubeConfig } from '@kubernetes/client-node';
import { WebClient } from '@slack/web-api';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureJobSchema } from '../../src/capture/capture-job.js';
import { capturePodName } from '../../src/capture/names.js';
import { DEFAULT_CAPTURE_POD_SETTINGS } from '../../src/kube/capture-pod-settings.js';
import { KubeCaptureCluster } from '../../src/kube/kube-capture-cluster.js';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { BOT_TOKEN, CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { capturePodCreates, linkReplies, requestCapture, waitForStatus } from '../support/fault-steps.js';
import { fixturePath } from '../support/fixtures.js';
import { closeCheckingLeftovers } from '../support/leftovers.js';
import { REDIS_URL } from '../support/redis.js';
import { signedJob } from '../support/signed-job.js';

const COMMAND = `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`;

describe('fault 5 (Kubernetes API errors)', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    app = await startApp(world, 'all');
  }, 60_000);

  afterEach(() => {
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap') }));
  });

  afterAll(async () => {
    await closeCheckingLeftovers(world, [() => app?.stop()]);
  });

  const watches = () => world.kube.requests.filter((r) => r.verb === 'watch' && r.resource === 'pods');

  it('says which verb on which resource the service account lacks (403)', async () => {
    world.kube.failNext({ verb: 'create', resource: 'pods', namespace: CAPTURE_NAMESPACE, status: 403 });
    await requestCapture(world, app, COMMAND, 'C0K403CREATE');
    expect(await waitForStatus(world, 'C0K403CREATE', /Failed/)).toContain(`may not create pods in namespace ${CAPTURE_NAMESPACE}`);
    // The target is looked up before anything is queued: the requester hears of the missing grant at once.
    world.kube.failNext({ verb: 'list', resource: 'pods', namespace: INCIDENT_NAMESPACE, status: 403 });
    const ack = await world.slack.sendSlashCommand(eventsUrl(app), { text: COMMAND, userId: 'U0RESPONDER', channelId: 'C0K403LIST' });
    expect(await world.slack.readFirst(ack)).toContain(`may not list pods in namespace ${INCIDENT_NAMESPACE}`);
    expect(world.slack.channelMessages('C0K403LIST')).toEqual([]);
  });

  it('re-attaches to the capture pod an earlier attempt made when its create answers 409', async () => {
    const channel = 'C0K409';
    const captureId = ulid();
    const posted = await new WebClient(BOT_TOKEN, { slackApiUrl: world.slack.apiUrl }).chat.postMessage({ channel, text: `capture ${captureId} queued` });
    const job = captureJobSchema.parse({
      captureId,
      pod: INCIDENT_POD,
      namespace: INCIDENT_NAMESPACE,
      durationSeconds: 5,
      snaplen: 80,
      driver: 'modern-bpf',
      requestedBy: 'U0RESPONDER',
      channel,
      statusTs: posted.ts,
      requestedAt: new Date().toISOString(),
    });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(world.kube.kubeconfigPath);
    await new KubeCaptureCluster(kubeConfig, { ...DEFAULT_CAPTURE_POD_SETTINGS, namespace: CAPTURE_NAMESPACE }).startCapturePod(job, 'node-a');

    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('captures', { connection, prefix: world.prefix });
    await queue.add('capture', signedJob(job), { jobId: captureId });
    await queue.close();
    connection.disconnect();

    await waitForStatus(world, channel, /Done: /, 30_000);
    expect(linkReplies(world, channel)).toHaveLength(1);
    expect(capturePodCreates(world)).toBeGreaterThanOrEqual(2);
    expect(world.kube.pods(CAPTURE_NAMESPACE).filter((p) => p.metadata.name === capturePodName(captureId)).length).toBeLessThanOrEqual(1);
  });

  it('retries 5xx answers with backoff and finishes the capture', async () => {
    world.kube.failNext({ verb: 'get', resource: 'pods', namespace: INCIDENT_NAMESPACE, status: 500, times: 2 });
    world.kube.failNext({ verb: 'create', resource: 'pods', namespace: CAPTURE_NAMESPACE, status: 503, times: 2 });
    await requestCapture(world, app, COMMAND, 'C0K5XX');
    await waitForStatus(world, 'C0K5XX', /Done: /, 30_000);
    expect(linkReplies(world, 'C0K5XX')).toHaveLength(1);
  });

  it('resumes a dropped watch from its resourceVersion, and rides out an API server restart', async () => {
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
    const channel = 'C0KWATCH';
    const id = await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, channel);
    await waitForStatus(world, channel, /Capturing on node/);
    const before = watches().length;
    world.kube.dropWatches();
    await expect.poll(() => watches().length, { timeout: 10_000 }).toBeGreaterThan(before);
    const resumed = watches().at(-1)!;
    expect(resumed.url).toMatch(/resourceVersion=[1-9]\d*/);

    await world.kube.stop();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await world.kube.restart();
    world.kube.finishCapture(capturePodName(id), CAPTURE_NAMESPACE);
    await waitForStatus(world, channel, /Done: /, 30_000);
    expect(linkReplies(world, channel)).toHaveLength(1);
  });

  it('fails fast with the reason when the capture image cannot be pulled', async () => {
    world.kube.setScenario(() => ({ kind: 'image-pull-fails', message: 'manifest unknown' }));
    const startedAt = Date.now();
    await requestCapture(world, app, COMMAND, 'C0KPULL');
    const text = await waitForStatus(world, 'C0KPULL', /Failed/, 60_000);
    expect(text).toMatch(/could not be pulled \((ErrImagePull|ImagePullBackOff)\)/);
    // The pod's deadline is 5 s + 600 s of allowance: this is well before it.
    expect(Date.now() - startedAt).toBeLessThan(20_000);
  });

  it('fails fast with the reason when the capture pod cannot be scheduled', async () => {
    world.kube.setScenario(() => ({ kind: 'unschedulable', message: '0/2 nodes are available: 1 Insufficient memory.' }));
    await requestCapture(world, app, COMMAND, 'C0KSCHED');
    const text = await waitForStatus(world, 'C0KSCHED', /Failed/, 20_000);
    expect(text).toContain('could not be scheduled (Unschedulable)');
    await expect.poll(() => world.kube.pods(CAPTURE_NAMESPACE), { timeout: 10_000 }).toEqual([]);
  });
});
