import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { alertRequester, type AlertOrigin } from '../capture/capture-job.js';
import type { CaptureLimits } from '../capture/capture-spec.js';
import { formatDuration } from '../capture/duration.js';
import type { PolicyDecision } from '../policy/index.js';
import type { AlertRule } from '../policy/alert-rules.js';
import type { AlertClaim } from '../queue/alert-ledger.js';
import type { CaptureRecord } from '../queue/capture-history.js';
import { alertWho } from '../slack/alert-origin-text.js';
import { code, escapeMrkdwn, formatUtc } from '../slack/mrkdwn.js';
import { slackBoard } from '../slack/slack-board.js';
import { slackRequestTexts } from '../slack/slack-request-texts.js';
import { decideAlertRequest } from '../requests/policy-check.js';
import { captureAsDecided, notStartedForCluster, type RequestCaptureDeps } from '../requests/request-capture.js';
import { chooseCluster } from '../requests/choose-cluster.js';
import type { RequestDoor } from '../requests/request-door.js';
import { alertRuleFor, alertTarget } from './alert-capture.js';
import type { Alert, AlertmanagerPayload } from './alertmanager-payload.js';

export interface AlertDoorDeps extends RequestCaptureDeps {
  readonly limits: CaptureLimits;
  /** The bot's Slack client: an alert's messages are the bot's own posts. */
  readonly client: WebClient;
  readonly ledger: {
    claim(rule: { name: string; cooldownMs: number; maxPerHour: number }, fingerprint: string, captureId: string): Promise<AlertClaim>;
    release(rule: string, fingerprint: string, captureId: string): Promise<void>;
    captureOf(rule: string, fingerprint: string): Promise<string | undefined>;
  };
  readonly history: { find(captureId: string): Promise<CaptureRecord | undefined> };
  readonly log: Logger;
}

/** What to do with one alert once it is recorded; run after Alertmanager has its answer. */
type AlertWork = () => Promise<void>;

const UNFINISHED: ReadonlySet<CaptureRecord['state']> = new Set(['queued', 'held', 'running']);

function originOf(alert: Alert, rule: AlertRule): AlertOrigin {
  const summary = alert.annotations.summary?.slice(0, 1_000);
  const generatorURL = alert.generatorURL.slice(0, 2_000);
  return {
    rule: rule.name,
    alertname: (alert.labels.alertname ?? 'unnamed alert').slice(0, 256),
    fingerprint: alert.fingerprint,
    ...(summary && { summary }),
    ...(generatorURL && { generatorURL }),
    startsAt: alert.startsAt.slice(0, 64),
  };
}

/**
 * An alert rule's channel is where its answers go: nobody typed the request,
 * so what a person would read privately is posted there for the responders.
 */
function channelDoor(deps: AlertDoorDeps, origin: AlertOrigin, channel: string): RequestDoor {
  const post = async (text: string) => {
    await deps.client.chat.postMessage({ channel, text: `:rotating_light: An ${alertWho(origin)} started no capture:\n${text}` });
  };
  return {
    board: slackBoard(deps.client),
    texts: slackRequestTexts,
    offersCommands: false,
    notStarted: post,
    // The status message or the approval card says it all.
    accepted: async () => {},
    later: post,
  };
}

/**
 * Records each alert of a notification (the fingerprint's cooldown and the
 * rule's hourly count, in Redis) and returns the work each one asks for.
 * Throws when Redis cannot record them: the caller answers 5xx and
 * Alertmanager's retry recovers them. Alerts that match no rule or name no
 * target start nothing and leave one log line.
 */
export async function recordAlerts(payload: AlertmanagerPayload, deps: AlertDoorDeps): Promise<AlertWork[]> {
  const policy = deps.access.policy.current();
  const rules = policy?.alerts ?? [];
  const work: AlertWork[] = [];
  for (const alert of payload.alerts) {
    const rule = alertRuleFor(rules, alert);
    const facts = { alertname: alert.labels.alertname, fingerprint: alert.fingerprint, status: alert.status };
    if (rule === undefined) {
      deps.log.info(facts, 'alert matches no alert rule; nothing started');
      continue;
    }
    const origin = originOf(alert, rule);
    if (alert.status === 'resolved') {
      const captureId = await deps.ledger.captureOf(rule.name, alert.fingerprint);
      if (captureId !== undefined) work.push(() => noteResolved(captureId, alert, origin, deps));
      continue;
    }
    const target = alertTarget(alert, rule, deps.limits);
    if (target.kind === 'no-target') {
      deps.log.info({ ...facts, rule: rule.name, reason: target.reason }, `alert names no capture target (${target.reason}); nothing started`);
      continue;
    }
    const captureId = deps.newCaptureId();
    const claim = await deps.ledger.claim({ name: rule.name, cooldownMs: rule.cooldown.seconds * 1000, maxPerHour: rule.maxPerHour }, alert.fingerprint, captureId);
    if (claim.kind === 'repeat') {
      deps.log.info({ ...facts, rule: rule.name, captureId: claim.captureId }, 'alert repeated within its cooldown: same capture');
      continue;
    }
    if (claim.kind === 'over-limit') {
      deps.log.warn({ ...facts, rule: rule.name, maxPerHour: rule.maxPerHour }, 'alert rule past maxPerHour; nothing started');
      if (claim.note) work.push(() => noteOverLimit(rule, origin, deps));
      continue;
    }
    work.push(async () => {
      const requestOrigin = { captureId, requestedBy: alertRequester(rule.name), channel: rule.channel, requestedAt: deps.now().toISOString(), alert: origin };
      const door = channelDoor(deps, origin, rule.channel);
      const chosen = await chooseCluster(target.spec, deps, door.texts);
      if (chosen.kind === 'not-started') {
        if ((await notStartedForCluster(target.spec, requestOrigin, chosen, door, deps)) === 'unanswered') {
          await deps.ledger.release(rule.name, alert.fingerprint, captureId);
        }
        return;
      }
      const spec = chosen.spec;
      const decision: PolicyDecision =
        spec.durationSeconds > deps.limits.maxDurationSeconds
          ? {
              kind: 'refused',
              rule: `alert rule "${rule.name}"`,
              reason: `The rule's duration ${rule.duration.written} is over MAX_DURATION (${formatDuration(deps.limits.maxDurationSeconds)}).`,
            }
          : decideAlertRequest(deps.access, rule.name, spec);
      const outcome = await captureAsDecided(spec, requestOrigin, decision, door, deps, chosen.answer);
      if (outcome === 'unanswered') {
        await deps.ledger.release(rule.name, alert.fingerprint, captureId);
        deps.log.warn({ ...facts, rule: rule.name, captureId }, "no worker answered for the alert's capture; its next repeat tries again");
      }
    });
  }
  return work;
}

/** How long a resolved alert waits for its capture's job: the status message is posted just before the job is queued. */
const QUEUED_WITHIN_MS = 5_000;

/** A resolved alert whose capture still runs gets one line in the status message's thread. */
async function noteResolved(captureId: string, alert: Alert, origin: AlertOrigin, deps: AlertDoorDeps): Promise<void> {
  let record = await deps.history.find(captureId);
  for (const deadline = Date.now() + QUEUED_WITHIN_MS; record === undefined && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    record = await deps.history.find(captureId);
  }
  if (record === undefined || !UNFINISHED.has(record.state)) return;
  const at = alert.endsAt && !alert.endsAt.startsWith('0001-') ? new Date(alert.endsAt) : deps.now();
  const when = Number.isNaN(at.getTime()) ? formatUtc(deps.now()) : formatUtc(at);
  await deps.client.chat.postMessage({
    channel: record.job.channel,
    thread_ts: record.job.statusTs,
    text: `:white_check_mark: ${escapeMrkdwn(origin.alertname)} resolved at ${when}; the capture runs to its end.`,
  });
}

async function noteOverLimit(rule: AlertRule, origin: AlertOrigin, deps: AlertDoorDeps): Promise<void> {
  await deps.client.chat.postMessage({
    channel: rule.channel,
    text:
      `:warning: Alert rule ${code(rule.name)} has started ${rule.maxPerHour} captures in the last hour (its maxPerHour): ` +
      `${escapeMrkdwn(origin.alertname)} and later alerts of this rule are not captured until the hour frees up.`,
  });
}
