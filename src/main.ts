import { ConfigError, loadConfig, ROLES, type Config, type Role } from './config.js';
import { createLogger } from './log.js';
import { CaptureMetrics } from './ops/metrics.js';
import { opsRoutes, type ReadinessCheck } from './ops/ops-routes.js';
import { startOpsServer } from './ops/ops-server.js';
import type { ApprovalStore } from './queue/approval-store.js';
import { CaptureQueue } from './queue/capture-queue.js';
import type { Stop } from './wiring/stop.js';

async function start(config: Config): Promise<Stop[]> {
  const { common } = config;
  const log = createLogger(common.LOG_LEVEL);
  const stops: Stop[] = [];
  const checks: ReadinessCheck[] = [];
  // Every role holds the queue: the bot enqueues, and /metrics reports its depth in every role.
  const queue = new CaptureQueue(common.REDIS_URL, common.QUEUE_PREFIX, common.jobSigningKeys, (captureId) =>
    log.warn({ captureId }, 'a job queued after its enqueue timed out was removed'),
  );
  stops.push(() => queue.close());
  let approvals: ApprovalStore | undefined; // the bot's, opened below
  const metricsRegistry = new CaptureMetrics({
    queueDepth: () => queue.depth(config.worker?.CLUSTER_NAME),
    ...(config.worker && { cluster: config.worker.CLUSTER_NAME }),
    ...(config.bot && { approvalsPending: async () => (approvals ? approvals.pendingCount(Date.now()) : 0) }),
  });
  const routes = opsRoutes(checks, () => metricsRegistry.render());

  // Each role loads its own SDKs: the bot never loads @kubernetes/client-node or the AWS SDK (~125 MB of RSS),
  // the worker never loads Bolt. test/e2e/role-footprint.test.ts checks it.
  if (config.worker) {
    const { startWorkerRole } = await import('./wiring/worker.js');
    const worker = startWorkerRole(common, config.worker, log, metricsRegistry);
    stops.push(...worker.stops);
    checks.push(...worker.checks);
  } else {
    checks.push({ name: 'redis', check: () => queue.ping() });
  }

  if (config.bot) {
    // The bot serves the ops routes on PORT through Bolt, in HTTP and Socket Mode alike.
    const { startBotRole } = await import('./wiring/bot.js');
    const bot = await startBotRole(common, config.bot, { log, queue, metricsRegistry, routes });
    approvals = bot.approvals;
    stops.unshift(...bot.stops);
  } else {
    const server = await startOpsServer(common.PORT, routes);
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
    // The first stop closes the door (Bolt, or the ops server): no handler is left running when the stores close.
    const [intake, ...rest] = stops;
    await intake?.().catch(() => {});
    await Promise.all(rest.map((stop) => stop().catch(() => {})));
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

await main();
