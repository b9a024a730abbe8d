import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Policy, PolicyIdKind, PolicyIdPlace } from '../policy/index.js';
import type { GroupDirectory } from '../requests/access-deps.js';
import { slackErrorCode } from './slack-error.js';

/** What Slack answers, per kind of id, when the id does not exist in the workspace. */
const NOT_FOUND: Readonly<Record<PolicyIdKind, ReadonlySet<string>>> = {
  'user group': new Set(['no_such_subteam', 'subteam_not_found']),
  channel: new Set(['channel_not_found']),
  user: new Set(['user_not_found', 'users_not_found']),
};

export interface PolicyIdVerdict {
  /** Ids Slack does not know: a mistake in the policy. */
  readonly unknown: readonly (PolicyIdPlace & { readonly error: string })[];
  /** Ids that could not be checked (a timeout, a missing scope), with the error. */
  readonly unchecked: readonly (PolicyIdPlace & { readonly error: string })[];
}

/** Group lookups go through the bot's group cache, so the first request after start-up need not ask again. */
export interface PolicyIdLookups {
  readonly client: WebClient;
  readonly groups: GroupDirectory & { unknownToSlack(groupId: string): string | undefined };
}

async function ask({ client, groups }: PolicyIdLookups, place: PolicyIdPlace): Promise<void> {
  switch (place.kind) {
    case 'user group': {
      const members = (await groups.membership([place.id]))(place.id);
      if (members !== undefined) return;
      const error = groups.unknownToSlack(place.id);
      throw error === undefined ? new Error('its members could not be fetched') : Object.assign(new Error(error), { data: { error } });
    }
    case 'channel':
      await client.conversations.info({ channel: place.id });
      return;
    case 'user':
      await client.users.info({ user: place.id });
      return;
  }
}

/** Asks Slack about every distinct id the policy names (one call each, one at a time: a policy names a few). */
export async function checkPolicyIds(lookups: PolicyIdLookups, policy: Policy | undefined): Promise<PolicyIdVerdict> {
  const unknown: (PolicyIdPlace & { error: string })[] = [];
  const unchecked: (PolicyIdPlace & { error: string })[] = [];
  const seen = new Set<string>();
  for (const place of policy?.ids ?? []) {
    if (seen.has(place.id)) continue;
    seen.add(place.id);
    try {
      await ask(lookups, place);
    } catch (error) {
      const code = slackErrorCode(error);
      if (code !== undefined && NOT_FOUND[place.kind].has(code)) unknown.push({ ...place, error: code });
      else unchecked.push({ ...place, error: code ?? (error as Error).message });
    }
  }
  return { unknown, unchecked };
}

/** `S0NOPE (user group, /etc/capturebot/policy.yaml:17 rules[0].requesters: no_such_subteam)` */
function describe(place: PolicyIdPlace & { readonly error: string }): string {
  return `${place.id} (${place.kind}, ${place.file}:${place.line} ${place.key}: ${place.error})`;
}

/** Logs the verdict once: all unknown ids in one line, all unchecked ones in another. */
export function logPolicyIdVerdict(log: Logger, verdict: PolicyIdVerdict): void {
  if (verdict.unknown.length > 0) {
    log.error(
      { unknownIds: verdict.unknown.map(({ id, kind, line, error }) => ({ id, kind, line, error })) },
      `configuration error: the policy names Slack ids that do not exist; requests that need them are refused until the policy is fixed: ${verdict.unknown.map(describe).join('; ')}`,
    );
  }
  if (verdict.unchecked.length > 0) {
    log.warn({ uncheckedIds: verdict.unchecked.map(({ id, error }) => ({ id, error })) }, `could not check these policy ids with Slack: ${verdict.unchecked.map(describe).join('; ')}`);
  }
}

/** Checks the ids in the background and logs what is wrong; start-up never waits for it. */
export function checkPolicyIdsSoon(lookups: PolicyIdLookups, policy: Policy | undefined, log: Logger): Promise<void> {
  return checkPolicyIds(lookups, policy)
    .then((verdict) => logPolicyIdVerdict(log, verdict))
    .catch((error: unknown) => log.warn({ err: error }, 'policy ids could not be checked with Slack'));
}
