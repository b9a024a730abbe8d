import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCapturebot, type CapturebotProcess } from './capturebot-process.js';
import { fixturePath } from './fixtures.js';
import { startKubeStandIn, type KubeStandIn, type KubeStandInOptions } from './kube/index.js';
import { REDIS_URL, dropPrefix, uniquePrefix } from './redis.js';
import { startS3Server, type S3TestServer } from './s3-server.js';
import { startSlackStandIn, type SlackStandIn } from './slack/index.js';

export const BOT_TOKEN = 'xoxb-capturebot-test';
export const SIGNING_SECRET = 'capturebot-signing-secret';
export const APP_TOKEN = 'xapp-capturebot-test';
export const INCIDENT_POD = 'ticket-balancer-5967c66fb4-qnzj6';
export const INCIDENT_NAMESPACE = 'ticket-generator';
export const CAPTURE_NAMESPACE = 'capturebot-captures';
/** The incident pod's container as the fixture traces record it: sysdig's container.id is its first 12 hex digits. */
export const INCIDENT_CONTAINER_ID = 'containerd://5255305a76e4c0ffee01c0ffee02c0ffee03c0ffee04c0ffee05c0ffee06c0ffee07';

/** Slack, Kubernetes, S3 and Redis as capturebot meets them, over the real protocols. */
export interface World {
  readonly slack: SlackStandIn;
  readonly kube: KubeStandIn;
  readonly s3: S3TestServer;
  readonly prefix: string;
  /** The environment a deployment would give capturebot, pointed at the stand-ins. */
  readonly env: Record<string, string>;
  /** The file CAPTUREBOT_POLICY names; rewrite it to change the policy while capturebot runs. */
  readonly policyFile: string;
  close(): Promise<void>;
}

export interface WorldOptions {
  readonly kube?: KubeStandInOptions;
  readonly socketMode?: boolean;
  /** Starts the S3 stand-in; default startS3Server, in this process. */
  readonly s3?: () => Promise<S3TestServer>;
  /** QUEUE_PREFIX for this world's keys in Redis; default a fresh test-<uuid>. */
  readonly prefix?: string;
  /**
   * The access policy (YAML). Default: captures need no approval, so suites
   * about the capture path are not held up by approval cards.
   */
  readonly policy?: string;
}

/** The key the bot and the workers of a test world share (a deployment's comes from a Secret). */
export const TEST_JOB_SIGNING_KEY = 'test-job-signing-key-0123456789abcdef0123456789';

/** A policy under which every capture starts at once. */
export const OPEN_POLICY = 'defaults:\n  approval: none\n';

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const slack = await startSlackStandIn({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, appToken: APP_TOKEN });
  const kube = await startKubeStandIn({ nodes: ['node-a', 'node-b'], ...options.kube });
  const s3 = await (options.s3 ?? startS3Server)();
  const prefix = options.prefix ?? uniquePrefix();
  const policyDir = mkdtempSync(join(tmpdir(), 'capturebot-policy-'));
  const policyFile = join(policyDir, 'policy.yaml');
  writeFileSync(policyFile, options.policy ?? OPEN_POLICY);
  kube.addPod({
    namespace: INCIDENT_NAMESPACE,
    name: INCIDENT_POD,
    nodeName: 'node-a',
    labels: { app: 'ticket-balancer' },
    owner: { kind: 'Deployment', name: 'ticket-balancer' },
    // haproxy's container in the fixture traces (test/fixtures/README.md).
    containers: ['haproxy'],
    containerIds: { haproxy: INCIDENT_CONTAINER_ID },
    // The pod IP the incident's traces show for haproxy.
    podIP: '10.40.1.6',
  });
  kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap') }));
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    ...(options.socketMode ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    KUBECONFIG: kube.kubeconfigPath,
    CAPTURE_NAMESPACE,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_ENDPOINT: s3.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    CAPTUREBOT_POLICY: policyFile,
    JOB_SIGNING_KEY: TEST_JOB_SIGNING_KEY,
  };
  return {
    slack,
    kube,
    s3,
    prefix,
    env,
    policyFile,
    async close() {
      await Promise.allSettled([slack.close(), kube.close(), s3.close(), dropPrefix(prefix)]);
      rmSync(policyDir, { recursive: true, force: true });
    },
  };
}

export async function startApp(world: World, role = 'all', env: Record<string, string> = {}): Promise<CapturebotProcess> {
  return startCapturebot(role, { ...world.env, ...env });
}

export function eventsUrl(app: CapturebotProcess): string {
  return `http://127.0.0.1:${app.port}/slack/events`;
}
