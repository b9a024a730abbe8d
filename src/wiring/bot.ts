import { WebClient } from '@slack/web-api';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ulid } from 'ulid';
import type { BotSettings, CommonSettings } from '../config.js';
import type { CaptureMetrics } from '../ops/metrics.js';
import type { OpsRoute } from '../ops/ops-routes.js';
import type { ApprovalStore } from '../queue/approval-store.js';
import { CaptureCanceller } from '../queue/capture-cancel.js';
import type { CaptureQueue } from '../queue/capture-queue.js';
import { RelinkQueue } from '../queue/relink-queue.js';
import { RedisOutage } from '../queue/redis-outage.js';
import { COMMAND_WINDOW, RequestRateLimit } from '../queue/request-rate-limit.js';
import { ResolveQueue } from '../queue/resolve-queue.js';
import { RedisWorkerRegistry } from '../queue/redis-worker-registry.js';
import { APPROVE_ACTION, DENY_ACTION, DENY_VIEW } from '../slack/approval-actions.js';
import { auditTrail } from '../slack/audit-trails.js';
import { openBotAccess } from '../slack/bot-access.js';
import { registerCaptureCommand } from '../slack/capture-command.js';
import { FRESH_LINK_ACTION } from '../slack/capture-record-text.js';
import { ChannelMembers } from '../slack/channel-members.js';
import { registerFreshLinkAction } from '../slack/fresh-link-action.js';
import { registerApprovalHandlers } from '../slack/register-approvals.js';
import { createSlackApp } from '../slack/slack-app.js';
import { ignoreUnknownRequests } from '../slack/unknown-requests.js';
import { webClientOptions } from '../slack/web-client-options.js';
import { recordAlerts } from '../alerts/alert-door.js';
import type { AlertmanagerPayload } from '../alerts/alertmanager-payload.js';
import { alertmanagerRoute } from '../alerts/alertmanager-route.js';
import { AlertLedger } from '../queue/alert-ledger.js';
import type { Stop } from './stop.js';

/** The bot role: the Bolt app (commands, approvals, fresh links), the policy and the approval store. */
export async function startBotRole(
  common: CommonSettings,
  settings: BotSettings,
  shared: { log: Logger; queue: CaptureQueue; metricsRegistry: CaptureMetrics; routes: readonly OpsRoute[] },
): Promise<{ stops: Stop[]; approvals: ApprovalStore }> {
  const { log, queue, metricsRegistry } = shared;
  const stops: Stop[] = [];
  const slackApiUrl = common.SLACK_API_URL;
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
  // The request and command limits give up on Redis after 500 ms and refuse (the ack never waits longer); cancels fail after one retry.
  const botRedis = new Redis(common.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  botRedis.on('error', () => {});
  // The limits are the first checks of every command: their connection tells when Redis goes away and comes back.
  const outage = new RedisOutage(log).watch(botRedis);
  const canceller = new CaptureCanceller(botRedis, common.QUEUE_PREFIX);
  stops.push(async () => {
    await canceller.close();
    botRedis.disconnect();
  });
  const commandLimit = new RequestRateLimit(botRedis, common.QUEUE_PREFIX, settings.MAX_COMMANDS_PER_USER_PER_MINUTE, Date.now, COMMAND_WINDOW);
  const resolver = new ResolveQueue(common.REDIS_URL, common.QUEUE_PREFIX, settings.RESOLVE_TIMEOUT);
  stops.push(() => resolver.close());
  // The clusters come from the workers' heartbeats: there is no list to configure.
  const clusters = new RedisWorkerRegistry(botRedis, common.QUEUE_PREFIX);
  const requestDeps = { queue, resolver, clusters, log, newCaptureId: ulid, now: () => new Date(), access: access.deps };
  const alertRoutes = settings.ALERTMANAGER_TOKEN
    ? [alertmanagerRoute(settings.ALERTMANAGER_TOKEN, alertReceiver(), log.child({ door: 'alertmanager' }))]
    : [];
  function alertReceiver() {
    const deps = {
      ...requestDeps,
      limits: settings.limits,
      client: new WebClient(botToken, webClientOptions(slackApiUrl)),
      ledger: new AlertLedger(botRedis, common.QUEUE_PREFIX),
      history: queue.history(),
    };
    return { record: (payload: AlertmanagerPayload) => recordAlerts(payload, deps) };
  }
  const app = createSlackApp(
    {
      botToken: common.SLACK_BOT_TOKEN,
      port: common.PORT,
      ...(settings.SLACK_SIGNING_SECRET && { signingSecret: settings.SLACK_SIGNING_SECRET }),
      ...(settings.SLACK_APP_TOKEN && { appToken: settings.SLACK_APP_TOKEN }),
      ...(slackApiUrl && { apiUrl: slackApiUrl }),
    },
    [...shared.routes, ...alertRoutes],
    log,
  );
  ignoreUnknownRequests(app, { commands: ['/capture'], actions: [APPROVE_ACTION, DENY_ACTION, FRESH_LINK_ACTION], views: [DENY_VIEW] }, log);
  registerCaptureCommand(app, {
    ...requestDeps,
    limits: settings.limits,
    onRequested: () => metricsRegistry.requested(),
    history: queue.history(),
    canceller,
    requestLimit: new RequestRateLimit(botRedis, common.QUEUE_PREFIX, settings.MAX_REQUESTS_PER_USER_PER_HOUR),
    commandLimit,
    outage,
  });
  registerApprovalHandlers(app, { queue, log, access: access.deps });
  const relinks = new RelinkQueue(common.REDIS_URL, common.QUEUE_PREFIX, common.jobSigningKeys);
  stops.push(() => relinks.close());
  registerFreshLinkAction(app, { history: queue.history(), relinks, members: new ChannelMembers(app.client), access: access.deps, log, now: () => new Date(), commandLimit, outage });
  await app.start();
  stops.unshift(async () => {
    await app.stop();
  });
  return { stops, approvals: access.store };
}
