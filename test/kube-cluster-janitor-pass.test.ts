import { PassThrough } from 'node:stream';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { WebClient } from '@slack/web-api';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { DEFAULT_CAPTURE_POD_SETTINGS } from '../src/kube/capture-pod-settings.js';
import { KubeCaptureCluster } from '../src/kube/kube-capture-cluster.js';
import { BullmqJobLookup } from '../src/queue/bullmq-job-lookup.js';
import { SlackJanitorNotifier } from '../src/slack/slack-janitor-notifier.js';
import { SlackNotifier } from '../src/slack/slack-notifier.js';
import { webClientOptions } from '../src/slack/web-client-options.js';
import type { CapturePodReaper } from '../src/worker/janitor-ports.js';
import { runJanitorPass, type JanitorDeps } from '../src/worker/janitor.js';
import { startKubeStandIn, type KubeStandIn } from './support/kube/index.js';
import { dropPrefix, REDIS_URL, uniquePrefix } from './support/redis.js';
import { startSlackStandIn, type SlackStandIn } from './support/slack/index.js';

const TOKEN = 'xoxb-janitor-pass-test';
const CAPTURES = DEFAULT_CAPTURE_POD_SETTINGS.namespace;
const CHANNEL = 'C0JANITORPASS';

describe('a janitor pass over the API, queue and Slack stand-ins', () => {
  let kube: KubeStandIn;
  let slack: SlackStandIn;
  let connection: Redis;
  let queue: Queue;
  let prefix: string;
  let cluster: KubeCaptureCluster;
  let someoneElse: CoreV1Api;
  let logLines: () => Record<string, unknown>[];
  let deps: Omit<JanitorDeps, 'reaper'>;

  beforeEach(async () => {
    kube = await startKubeStandIn({ nodes: ['node-a'] });
    slack = await startSlackStandIn({ botToken: TOKEN, signingSecret: 'secret' });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kube.kubeconfigPath);
    cluster = new KubeCaptureCluster(kubeConfig, DEFAULT_CAPTURE_POD_SETTINGS);
    someoneElse = kubeConfig.makeApiClient(CoreV1Api);
    prefix = uniquePrefix();
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue('captures', { connection, prefix });
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    logLines = () => chunks.join('').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
    const web = new WebClient(TOKEN, { ...webClientOptions(slack.apiUrl), retryConfig: { retries: 0 } });
    deps = { jobs: new BullmqJobLookup(queue), notifier: new SlackJanitorNotifier(web), progress: new SlackNotifier(web), log: createLogger('info', output) };
  });

  afterEach(async () => {
    await queue.close();
    connection.disconnect();
    await dropPrefix(prefix);
    await slack.close();
    await kube.close();
  });

  /** A capture pod no job knows any more, with its status message in the channel; returns the message's ts. */
  async function leaveOrphan(name: string): Promise<string> {
    const posted = await new WebClient(TOKEN, webClientOptions(slack.apiUrl)).chat.postMessage({ channel: CHANNEL, text: `capture in ${name} running` });
    kube.addPod({ namespace: CAPTURES, name, nodeName: 'node-a', labels: { 'app.kubernetes.io/managed-by': 'capturebot', 'capturebot.io/capture-id': ulid() } });
    kube.updatePod(CAPTURES, name, (pod) => {
      pod.metadata.annotations = { 'capturebot.io/channel': CHANNEL, 'capturebot.io/status-ts': posted.ts! };
    });
    return posted.ts!;
  }

  /** The cluster as the janitor uses it, with someone deleting `name` (kubectl delete) right after the janitor listed it. */
  function racedBy(name: string): CapturePodReaper {
    return {
      listCapturePods: async () => {
        const pods = await cluster.listCapturePods();
        await someoneElse.deleteNamespacedPod({ name, namespace: CAPTURES });
        return pods;
      },
      deleteListedPod: (pod) => cluster.deleteListedPod(pod),
    };
  }

  const textOf = (ts: string) => slack.channelMessages(CHANNEL).find((m) => m.ts === ts)?.text ?? '';

  it('says a pod that was gone when it came to delete it was already gone, in the log and on the status message', async () => {
    const goneTs = await leaveOrphan('capture-gone-first');
    const leftTs = await leaveOrphan('capture-still-there');

    const pass = await runJanitorPass({ ...deps, reaper: racedBy('capture-gone-first') });

    expect(pass).toMatchObject({ checked: 2, removed: ['capture-still-there'], alreadyGone: ['capture-gone-first'] });
    const about = (pod: string) => logLines().filter((line) => line.pod === pod).map((line) => line.msg);
    expect(about('capture-gone-first')).toEqual(['janitor found a capture pod left behind already gone']);
    expect(about('capture-still-there')).toEqual(['janitor deleted a capture pod left behind']);
    expect(textOf(goneTs)).toContain(
      'The capture pod capture-gone-first was left behind (no capture job knows it any more), and was already gone when the janitor went to delete it.',
    );
    expect(textOf(goneTs)).not.toContain('deleted the capture pod');
    expect(textOf(leftTs)).toContain('The janitor deleted the capture pod capture-still-there, left behind: no capture job knows it any more.');
    expect(kube.pods(CAPTURES)).toEqual([]);
  });

  it('does not come back to a pod already gone on the next pass', async () => {
    const ts = await leaveOrphan('capture-gone-first');
    await runJanitorPass({ ...deps, reaper: racedBy('capture-gone-first') });
    const updates = slack.calls('chat.update').length;
    kube.clearRequests();

    const next = await runJanitorPass({ ...deps, reaper: cluster });

    expect(next).toMatchObject({ checked: 0, removed: [], alreadyGone: [] });
    expect(kube.requests.filter((r) => r.verb === 'delete')).toEqual([]);
    expect(slack.calls('chat.update')).toHaveLength(updates);
    expect(textOf(ts)).toContain('already gone');
  });
});
