import { WebClient } from '@slack/web-api';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CommonSettings, WorkerSettings } from '../config.js';
import { ConfigError } from '../config.js';
import { DEFAULT_CAPTURE_POD_SETTINGS } from '../kube/capture-pod-settings.js';
import { KubeCaptureCluster } from '../kube/kube-capture-cluster.js';
import type { CaptureMetrics } from '../ops/metrics.js';
import type { ReadinessCheck } from '../ops/ops-routes.js';
import { RedisCancelSignals } from '../queue/redis-cancel-signals.js';
import { RedisCaptureSlots } from '../queue/redis-capture-slots.js';
import { RedisWorkerRegistry } from '../queue/redis-worker-registry.js';
import { startHeartbeat } from '../worker/heartbeat.js';
import { auditTrail } from '../slack/audit-trails.js';
import { SlackJanitorNotifier } from '../slack/slack-janitor-notifier.js';
import { SlackNotifier } from '../slack/slack-notifier.js';
import { webClientOptions } from '../slack/web-client-options.js';
import { LazyS3TraceStore } from '../storage/lazy-s3-trace-store.js';
import type { TraceEncryption } from '../storage/s3-trace-store.js';
import { startCaptureWorker } from '../worker/capture-worker.js';
import { startJanitor } from '../worker/janitor-worker.js';
import { startRelinkWorker } from '../worker/relink-worker.js';
import { startResolveWorker } from '../worker/resolve-worker.js';
import { UploadTurns } from '../worker/upload-turns.js';
import type { Stop } from './stop.js';

function kubeCluster(settings: Parameters<typeof KubeCaptureCluster.fromDefaultConfig>[0]): KubeCaptureCluster {
  try {
    return KubeCaptureCluster.fromDefaultConfig(settings);
  } catch (error) {
    const source = process.env.KUBECONFIG ? `KUBECONFIG ${process.env.KUBECONFIG}` : 'the in-cluster Kubernetes configuration';
    throw new ConfigError(`${source} cannot be loaded: ${(error as Error).message.split('\n', 1)[0]}`);
  }
}

function traceEncryption(type: 'AES256' | 'aws:kms', kmsKeyId: string | undefined): TraceEncryption {
  if (type === 'AES256') return { type };
  // loadConfig already refuses this; the check keeps the type honest.
  if (!kmsKeyId) throw new ConfigError('S3_KMS_KEY_ID is required when S3_SSE is aws:kms');
  return { type, kmsKeyId };
}

/** The worker role: the capture queue's processor, the janitor and fresh links, over Kubernetes, S3 and Slack. */
export function startWorkerRole(
  common: CommonSettings,
  settings: WorkerSettings,
  log: Logger,
  metricsRegistry: CaptureMetrics,
): { stops: Stop[]; checks: ReadinessCheck[] } {
  const stops: Stop[] = [];
  const checks: ReadinessCheck[] = [];
  log = log.child({ cluster: settings.CLUSTER_NAME });
  const slackApiUrl = common.SLACK_API_URL;
  const cluster = kubeCluster({
    ...DEFAULT_CAPTURE_POD_SETTINGS,
    namespace: settings.CAPTURE_NAMESPACE,
    image: settings.CAPTURE_IMAGE,
    sizeLimit: settings.CAPTURE_SIZE_LIMIT,
  });
  // The AWS SDK loads at the first upload, link or bucket check, not at start.
  const store = new LazyS3TraceStore({
    bucket: settings.S3_BUCKET,
    region: settings.S3_REGION,
    forcePathStyle: settings.S3_FORCE_PATH_STYLE,
    ...(settings.S3_ENDPOINT && { endpoint: settings.S3_ENDPOINT }),
    ...(settings.S3_SSE && { encryption: traceEncryption(settings.S3_SSE, settings.S3_KMS_KEY_ID) }),
  });
  const slack = new WebClient(common.SLACK_BOT_TOKEN.reveal(), webClientOptions(slackApiUrl));
  const audit = auditTrail(log, slack, common.AUDIT_CHANNEL);
  // Slots and cancels wait out a Redis outage rather than fail the capture.
  const guard = new Redis(common.REDIS_URL, { maxRetriesPerRequest: null });
  guard.on('error', () => {});
  const heartbeat = startHeartbeat({
    registry: new RedisWorkerRegistry(guard, common.QUEUE_PREFIX),
    cluster: settings.CLUSTER_NAME,
    workerId: `${hostname()}-${process.pid}`,
    apiServer: cluster.apiServer(),
    log,
  });
  // Each cluster counts its own nodes and its own MAX_CAPTURES (node names repeat across clusters).
  const slots = new RedisCaptureSlots(guard, common.QUEUE_PREFIX, { perNode: settings.MAX_CAPTURES_PER_NODE, total: settings.MAX_CAPTURES, cluster: settings.CLUSTER_NAME });
  const worker = startCaptureWorker({
    redisUrl: common.REDIS_URL,
    prefix: common.QUEUE_PREFIX,
    concurrency: settings.WORKER_CONCURRENCY,
    log,
    observer: metricsRegistry,
    cancels: new RedisCancelSignals(guard, common.QUEUE_PREFIX),
    admission: {
      keys: common.jobSigningKeys,
      cluster: settings.CLUSTER_NAME,
      limits: {
        maxDurationSeconds: common.MAX_DURATION,
        maxSnaplen: common.MAX_SNAPLEN,
        drivers: settings.CAPTURE_DRIVERS,
        captureNamespace: settings.CAPTURE_NAMESPACE,
      },
    },
    deps: {
      slots,
      maxNodesPerCapture: settings.MAX_NODES_PER_CAPTURE,
      uploads: new UploadTurns(settings.MAX_UPLOADS),
      cluster,
      store,
      notifier: new SlackNotifier(slack),
      log,
      objectPrefix: settings.S3_PREFIX,
      linkTtlSeconds: settings.LINK_TTL,
      audit,
    },
  });
  // Running captures get most of SHUTDOWN_GRACE to finish; the rest is for handing them back.
  const graceMs = common.SHUTDOWN_GRACE * 1000;
  const resolver = startResolveWorker({ redisUrl: common.REDIS_URL, prefix: common.QUEUE_PREFIX, clusterName: settings.CLUSTER_NAME, cluster, maxNodesPerCapture: settings.MAX_NODES_PER_CAPTURE, log });
  // The slot and cancel connection closes last: a capture finishing during the grace still releases its slot.
  // Lookups go on until then too: a draining worker still answers the bot, it only takes no new capture.
  stops.push(async () => {
    await worker.close(Math.max(graceMs - 5_000, graceMs / 2));
    await resolver.close();
    heartbeat.stop();
    guard.disconnect();
  });
  const janitor = startJanitor({
    redisUrl: common.REDIS_URL,
    prefix: common.QUEUE_PREFIX,
    cluster: settings.CLUSTER_NAME,
    intervalSeconds: settings.JANITOR_INTERVAL,
    reaper: cluster,
    notifier: new SlackJanitorNotifier(slack),
    progress: new SlackNotifier(slack),
    log,
    held: (captureId) => slots.isHeld(captureId),
  });
  stops.push(janitor.close);
  const relinker = startRelinkWorker({
    redisUrl: common.REDIS_URL,
    prefix: common.QUEUE_PREFIX,
    cluster: settings.CLUSTER_NAME,
    log,
    keys: common.jobSigningKeys,
    deps: { store, notifier: new SlackNotifier(slack), log, audit, linkTtlSeconds: settings.LINK_TTL },
  });
  stops.push(relinker.close);

  checks.push({ name: 'redis', check: worker.ping }, { name: 'kubernetes', check: () => cluster.reachable() }, { name: 's3', check: () => store.bucketReachable() });
  return { stops, checks };
}
