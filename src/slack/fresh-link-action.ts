import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { auditEventOf, type AuditTrail } from '../capture/audit-event.js';
import type { CaptureJob } from '../capture/capture-job.js';
import { captureIdSchema } from '../capture/capture-job.js';
import type { RelinkRequest } from '../capture/relink-request.js';
import type { CurrentPolicy, GroupDirectory } from '../requests/access-deps.js';
import { canRelink, FRESH_LINK_ACTION } from './capture-record-text.js';
import type { HistoryReader } from './capture-history-command.js';
import { code } from './mrkdwn.js';
import { mayGetFreshLink } from '../requests/policy-check.js';
import type { RedisOutage } from '../queue/redis-outage.js';
import { commandLimitRefusal, type RequestLimiter } from './request-limit-check.js';

/** Queues a request for fresh links; the workers answer it (the bot never touches S3). */
export interface RelinkRequester {
  request(relink: RelinkRequest): Promise<void>;
}

export interface MembershipCheck {
  isMember(channel: string, user: string): Promise<boolean>;
}

export interface FreshLinkDeps {
  readonly history: Pick<HistoryReader, 'find'>;
  readonly relinks: RelinkRequester;
  readonly members: MembershipCheck;
  readonly access: { readonly policy: CurrentPolicy; readonly groups: GroupDirectory; readonly audit: AuditTrail };
  readonly log: Logger;
  readonly now: () => Date;
  /** MAX_COMMANDS_PER_USER_PER_MINUTE: a click counts like a typed command. */
  readonly commandLimit?: RequestLimiter;
  readonly outage?: RedisOutage;
}

type Decision = { readonly ok: true; readonly channel: string; readonly cluster?: string } | { readonly ok: false; readonly text: string };

function refuse(job: CaptureJob, user: string, reason: string, deps: FreshLinkDeps): Decision {
  deps.log.warn({ captureId: job.captureId, user, channel: job.channel }, 'fresh link refused');
  deps.access.audit.record(auditEventOf(job, 'action-refused', { who: user, detail: { action: 'fresh-link', reason } }));
  return { ok: false, text: `:no_entry: ${reason} No link was issued.` };
}

/**
 * Two checks, both against today: the clicker is in the capture's channel
 * (someone who joined since is, so it is not enough alone), and the policy
 * in force would let them request a capture in its namespace there.
 */
async function decide(captureId: string, user: string, deps: FreshLinkDeps): Promise<Decision> {
  const record = await deps.history.find(captureId);
  if (!record || !canRelink(record)) {
    return { ok: false, text: `:warning: Capture ${code(captureId)} has no trace to link to any more (finished captures are forgotten after a week).` };
  }
  const { job } = record;
  if (!(await deps.members.isMember(job.channel, user))) {
    return refuse(job, user, `Only members of <#${job.channel}> may get a link to its captures.`, deps);
  }
  const allowed = await mayGetFreshLink(deps.access, job, user);
  if (!allowed.ok) return refuse(job, user, `Only those who may request captures in namespace ${job.namespace} get links to them: ${allowed.reason}`, deps);
  return { ok: true, channel: job.channel, ...(job.cluster && { cluster: job.cluster }) };
}

/**
 * The "Fresh link" button of `/capture list` and `/capture status`: for a
 * member of the capture's channel whom the policy lets request captures in
 * its namespace, queue a request that a worker answers with new presigned
 * links, shown to that member only (the worker audits each link it issues).
 */
export function registerFreshLinkAction(app: App, deps: FreshLinkDeps): void {
  app.action(FRESH_LINK_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    const value = 'value' in action ? action.value : undefined;
    const parsed = captureIdSchema.safeParse(value);
    const reply = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => {});
    if (!parsed.success) {
      deps.log.warn({ user: body.user.id }, 'fresh link click without a capture id');
      return;
    }
    const captureId = parsed.data;
    const user = body.user.id;
    const refusal = await commandLimitRefusal(user, deps);
    if (refusal !== undefined) {
      await reply(refusal);
      return;
    }
    try {
      const decision = await decide(captureId, user, deps);
      if (!decision.ok) {
        await reply(decision.text);
        return;
      }
      await deps.relinks.request({ captureId, userId: user, channel: decision.channel, requestedAt: deps.now().toISOString(), ...(decision.cluster && { cluster: decision.cluster }) });
    } catch (error) {
      deps.log.error({ err: error, captureId, user }, 'fresh link could not be requested');
      await reply(`:warning: No fresh link for capture ${code(captureId)} right now: I could not check this channel's members or reach the queue. Try again in a moment.`);
      return;
    }
    deps.log.info({ captureId, user }, 'fresh link requested');
    await reply(`:hourglass_flowing_sand: A fresh link to capture ${code(captureId)} is on its way; only you will see it.`);
  });
}
