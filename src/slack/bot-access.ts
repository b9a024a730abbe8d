import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { AuditTrail } from '../capture/audit-event.js';
import type { CaptureLimits } from '../capture/capture-spec.js';
import { ConfigError } from '../config.js';
import { PolicyFileError } from '../policy/index.js';
import { openPolicySource } from '../policy/policy-source.js';
import { ApprovalStore } from '../queue/approval-store.js';
import type { AccessDeps } from '../requests/access-deps.js';
import { ApprovalExpiry } from './approval-expiry.js';
import { checkPolicyIdsSoon } from './policy-id-check.js';
import { SlackUserGroups } from './slack-user-groups.js';
import { webClientOptions } from './web-client-options.js';

const READY_WAIT_MS = 3_000;

export interface BotAccessSettings {
  readonly policyPath: string | undefined;
  readonly approvalTtlSeconds: number;
  readonly limits: CaptureLimits;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly botToken: string;
  readonly slackApiUrl: string | undefined;
}

export interface BotAccess {
  readonly deps: AccessDeps;
  readonly store: ApprovalStore;
  stop(): Promise<void>;
}

/**
 * The bot's access control: the policy file (a bad one stops start-up with
 * its file:line), user groups from Slack, pending approvals in Redis and
 * their expiry.
 */
export async function openBotAccess(settings: BotAccessSettings, audit: AuditTrail, log: Logger): Promise<BotAccess> {
  const policyLog = log.child({ policy: settings.policyPath });
  const slack = new WebClient(settings.botToken, webClientOptions(settings.slackApiUrl));
  // Group lookups happen before a command is acked: no retries, and a short timeout (SlackUserGroups).
  const lookups = new WebClient(settings.botToken, { ...webClientOptions(settings.slackApiUrl), retryConfig: { retries: 0 } });
  const groups = new SlackUserGroups(lookups, log);
  const policy = await openPolicySource(settings.policyPath, {
    onReload: (next) => {
      policyLog.info({ rules: next.rules.length }, 'policy file changed; the new policy is in force');
      void checkPolicyIdsSoon({ client: lookups, groups }, next, policyLog);
    },
    onRejected: (error) => policyLog.error({ problem: error.message }, 'policy file change refused; the last good policy stays in force'),
  }).catch((error: unknown) => {
    if (error instanceof PolicyFileError) throw new ConfigError(`CAPTUREBOT_POLICY ${error.message}`, { cause: error });
    throw error;
  });
  if (settings.policyPath === undefined) log.info('CAPTUREBOT_POLICY is not set: every capture needs one approval from someone other than the requester');

  void checkPolicyIdsSoon({ client: lookups, groups }, policy.current(), policyLog);
  const store = new ApprovalStore(settings.redisUrl, settings.queuePrefix);
  // Its commands fail at once while disconnected (never replayed late), so give it a moment to connect;
  // a Redis that is down does not stop start-up: requests then say the approval store is unavailable.
  await Promise.race([store.whenReady(), new Promise((resolve) => setTimeout(resolve, READY_WAIT_MS).unref())]);
  const now = () => new Date();
  const expiry = new ApprovalExpiry({ store, client: slack, audit, log, now });
  expiry.start();
  return {
    deps: {
      policy,
      groups,
      approvals: store,
      expiry,
      audit,
      approvalTtlSeconds: settings.approvalTtlSeconds,
      limits: settings.limits,
      log,
      now,
    },
    store,
    async stop() {
      expiry.stop();
      policy.close();
      await store.close();
    },
  };
}
