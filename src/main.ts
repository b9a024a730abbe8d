import { WebClient } from '@slack/web-api';
import { Redis } from 'ioredis';
import { ulid } from 'ulid';
import { ConfigError, loadConfig, ROLES, type Config, type Role } from './config.js';
import { DEFAULT_CAPTURE_POD_SETTINGS } from './kube/capture-pod-settings.js';
import { KubeCaptureCluster } from './kube/kube-capture-cluster.js';
import { createLogger } from './log.js';
import { CaptureMetrics } from './ops/metrics.js';
import { opsRoutes, type ReadinessCheck } from './ops/ops-routes.js';
import { startOpsServer } from './ops/ops-server.js';
import type { ApprovalStore } from './queue/approval-store.js';
import { CaptureCanceller } from './queue/capture-cancel.js';
import { CaptureQueue } from './queue/capture-queue.js';
import { RedisCancelSignals } from './queue/redis-cancel-signals.js';
import { RedisCaptureSlots } from './queue/redis-capture-slots.js';
import { RequestRateLimit } from './queue/request-rate-limit.js';
import { RelinkQueue } from './queue/relink-queue.js';
import { APPROVE_ACTION, DENY_ACTION, DENY_VIEW } from './slack/approval-actions.js';
import { auditTrail } from './slack/audit-trails.js';
import { openBotAccess } from './slack/bot-access.js';
import { registerCaptureCommand } from './slack/capture-command.js';
import { FRESH_LINK_ACTION } from './slack/capture-record-text.js';
import { ChannelMembers } from './slack/channel-members.js';
import { registerFreshLinkAction } from './slack/fresh-link-action.js';
import { registerApprovalHandlers } from './slack/register-approvals.js';
import { createSlackApp } from './slack/slack-app.js';
import { SlackJanitorNotifier } from './slack/slack-janitor-notifier.js';
import { SlackNotifier } from './slack/slack-notifier.js';
import { ignoreUnknownRequests } from './slack/unknown-requests.js';
import { webClientOptions } from './slack/web-client-options.js';
import { S3TraceStore } from './storage/s3-trace-store.js';
import { startCaptureWorker } from './worker/capture-worker.js';
import { startJanitor } from './worker/janitor-worker.js';
import { startRelinkWorker } from './worker/relink-worker.js';

type Stop = () => Promise<void>;

function kubeCluster(settings: Parameters<typeof KubeCaptureCluster.fromDefaultConfig>[0]): KubeCaptureCluster {
  try {
    return KubeCaptureCluster.fromDefaultConfig(settings);
  } catch (error) {
    const source = process.env.KUBECONFIG ? `KUBECONFIG ${process.env.KUBECONFIG}` : 'the in-cluster Kubernetes configuration';
    throw new ConfigError(`${source} cannot be loaded: ${(error as Error).message.split('\n', 1)[0]}`);
  }
}

async function start(config: Config): Promise<Stop[]> {
  const { common } = config;
  const log = createLogger(common.LOG_LEVEL);
  const stops: Stop[] = [];
  const checks: ReadinessCheck[] = [];
  const slackApiUrl = common.SLACK_API_URL;
  // Every role holds the queue: the bot enqueues, and /metrics reports its depth in every role.
  const queue = new CaptureQueue(common.REDIS_URL, common.QUEUE_PREFIX, (captureId) =>
    log.warn({ captureId }, 'a job queued after its enqueue timed out was removed'),
  );
  stops.push(() => queue.close());
  let approvals: ApprovalStore | undefined; // the bot's, opened below
  const metricsRegistry = new CaptureMetrics({
    queueDepth: () => queue.depth(),
    ...(config.bot && { approvalsPending: async () => (approvals ? approvals.pendingCount(Date.now()) : 0) }),
  });
  const metrics = () => metricsRegistry.render();

  if (config.worker) {
    const settings = config.worker;
    const cluster = kubeCluster({
      ...DEFAULT_CAPTURE_POD_SETTINGS,
      namespace: settings.CAPTURE_NAMESPACE,
      image: settings.CAPTURE_IMAGE,
      sizeLimit: settings.CAPTURE_SIZE_LIMIT,
    });
    const store = new S3TraceStore({
      bucket: settings.S3_BUCKET,
      region: settings.S3_REGION,
      forcePathStyle: settings.S3_FORCE_PATH_STYLE,
      ...(settings.S3_ENDPOINT && { endpoint: settings.S3_ENDPOINT }),
    });
    const slack = new WebClient(common.SLACK_BOT_TOKEN.reveal(), webClientOptions(slackApiUrl));
    // Slots and cancels wait out a Redis outage rather than fail the capture.
    const guard = new Redis(common.REDIS_URL, { maxRetriesPerRequest: null });
    guard.on('error', () => {});
    const slots = new RedisCaptureSlots(guard, common.QUEUE_PREFIX, { perNode: settings.MAX_CAPTURES_PER_NODE, total: settings.MAX_CAPTURES });
    const worker = startCaptureWorker({
      redisUrl: common.REDIS_URL,
      prefix: common.QUEUE_PREFIX,
      concurrency: settings.WORKER_CONCURRENCY,
      log,
      observer: metricsRegistry,
      cancels: new RedisCancelSignals(guard, common.QUEUE_PREFIX),
      deps: {
        slots,
        maxNodesPerCapture: settings.MAX_NODES_PER_CAPTURE,
        cluster,
        store,
        notifier: new SlackNotifier(slack),
        log,
        objectPrefix: settings.S3_PREFIX,
        linkTtlSeconds: settings.LINK_TTL,
        audit: auditTrail(log, slack, common.AUDIT_CHANNEL),
      },
    });
    // Running captures get most of SHUTDOWN_GRACE to finish; the rest is for handing them back.
    const graceMs = common.SHUTDOWN_GRACE * 1000;
    // The slot and cancel connection closes last: a capture finishing during the grace still releases its slot.
    stops.push(async () => {
      await worker.close(Math.max(graceMs - 5_000, graceMs / 2));
      guard.disconnect();
    });
    const janitor = startJanitor({
      redisUrl: common.REDIS_URL,
      prefix: common.QUEUE_PREFIX,
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
      log,
      deps: { store, notifier: new SlackNotifier(slack), log, linkTtlSeconds: settings.LINK_TTL },
    });
    stops.push(relinker.close);
    checks.push({ name: 'redis', check: worker.ping }, { name: 'kubernetes', check: () => cluster.reachable() }, { name: 's3', check: () => store.bucketReachable() });
  }

  if (config.bot) {
    const settings = config.bot;
    if (!config.worker) checks.push({ name: 'redis', check: () => queue.ping() });
    const botToken = common.SLACK_BOT_TOKEN.reveal();
    const audit = auditTrail(log, new WebClient(botToken, webClientOptions(slackApiUrl)), common.AUDIT_CHANNEL);
    const access = await openBotAccess(
      {
        policyPath: settings.CAPTUREBOT_POLICY,
        approvalTtlSeconds: settings.APPROVAL_TTL,
        limits: settings.limits,
        redisUrl: common.REDIS_URL,
        queuePrefix: common.QUEUE_PREFIX,
        botToken,
        slackApiUrl,
      },
      audit,
      log,
    );
    stops.push(access.stop);
    approvals = access.store;
    // The request limit gives up on Redis after 500 ms (the ack never waits longer); cancels fail after one retry.
    const botRedis = new Redis(common.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    botRedis.on('error', () => {});
    const canceller = new CaptureCanceller(botRedis, common.QUEUE_PREFIX);
    stops.push(async () => {
      await canceller.close();
      botRedis.disconnect();
    });
    const app = createSlackApp(
      {
        botToken: common.SLACK_BOT_TOKEN,
        port: common.PORT,
        ...(settings.SLACK_SIGNING_SECRET && { signingSecret: settings.SLACK_SIGNING_SECRET }),
        ...(settings.SLACK_APP_TOKEN && { appToken: settings.SLACK_APP_TOKEN }),
        ...(slackApiUrl && { apiUrl: slackApiUrl }),
      },
      opsRoutes(checks, metrics),
      log,
    );
    ignoreUnknownRequests(app, { commands: ['/capture'], actions: [APPROVE_ACTION, DENY_ACTION, FRESH_LINK_ACTION], views: [DENY_VIEW] }, log);
    registerCaptureCommand(app, {
      limits: settings.limits,
      queue,
      log,
      newCaptureId: ulid,
      now: () => new Date(),
      onRequested: () => metricsRegistry.requested(),
      history: queue.history(),
      access: access.deps,
      canceller,
      requestLimit: new RequestRateLimit(botRedis, common.QUEUE_PREFIX, settings.MAX_REQUESTS_PER_USER_PER_HOUR),
    });
    registerApprovalHandlers(app, { queue, log, access: access.deps });
    const relinks = new RelinkQueue(common.REDIS_URL, common.QUEUE_PREFIX);
    stops.push(() => relinks.close());
    registerFreshLinkAction(app, { history: queue.history(), relinks, members: new ChannelMembers(app.client), log, now: () => new Date() });
    await app.start();
    stops.unshift(async () => {
      await app.stop();
    });
  } else {
    const server = await startOpsServer(common.PORT, opsRoutes(checks, metrics));
    stops.unshift(() => new Promise<void>((resolve) => server.close(() => resolve())));
  }
  log.info({ role: config.role, port: common.PORT, mode: config.bot?.SLACK_APP_TOKEN ? 'socket' : 'http' }, 'capturebot started');
  return stops;
}

async function main(): Promise<void> {
  const role = (process.argv[2] ?? 'all') as Role;
  if (!ROLES.includes(role)) {
    console.error(`capturebot: unknown role "${process.argv[2]}"; use one of ${ROLES.join(', ')}`);
    process.exit(1);
  }
  let config: Config;
  try {
    config = loadConfig(role, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`capturebot: ${error.message}`);
    process.exit(1);
  }
  let stops: Stop[];
  try {
    stops = await start(config);
  } catch (error) {
    console.error(`capturebot: ${error instanceof ConfigError ? error.message : `could not start: ${(error as Error).message}`}`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    // Whatever still hangs after SHUTDOWN_GRACE (a Redis that does not answer) does not hold the exit up:
    // a job this process held is taken up by another worker once its lock lapses.
    setTimeout(() => process.exit(0), config.common.SHUTDOWN_GRACE * 1000).unref();
    await Promise.all(stops.map((stop) => stop().catch(() => {})));
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

await main();
