import { z } from 'zod';
import { DRIVERS } from '../capture/driver.js';
import { parseDurationSeconds } from '../capture/duration.js';
import { NAMESPACE_GLOB } from './glob.js';
import { CHANNEL_ID, GROUP_ID, USER_ID } from './slack-ids.js';

/** The value schemas of the policy file; each message says what to write instead. */

const quoted = (input: unknown): string => JSON.stringify(input);

/**
 * A strict map. For unknown keys the message is only the list of keys
 * allowed there; parsePolicy names each unknown key at its own line.
 */
export function settingsMap<T extends z.ZodRawShape>(shape: T) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `allowed here: ${allowed}`
        : `must be a map of settings (key: value lines)`,
  });
}

export function listOf<T extends z.ZodType>(item: T, what: string) {
  return z
    .array(item, { error: (issue) => (issue.input === undefined ? `is missing: list the ${what}s here` : `must be a list of ${what}s, like [a, b]`) })
    .min(1, `must list at least one ${what}`);
}

const text = (what: string) => z.string({ error: `must be ${what} in quotes` });

export const namespaceGlob = text('a namespace glob').refine((glob) => NAMESPACE_GLOB.test(glob), {
  error: (issue) =>
    `${quoted(issue.input)} is not a namespace glob: lowercase letters, digits and "-", with * and ? as wildcards`,
});

/** Who may ask or approve: a user (U…, W…) or a user group (S…). */
export const principalId = text('a Slack id').refine((id) => USER_ID.test(id) || GROUP_ID.test(id), {
  error: (issue) => `${quoted(issue.input)} is not a Slack user id (U…, W…) or user-group id (S…)`,
});

/** A cluster glob (`prod-*`): like a namespace glob, since cluster names are DNS labels too. */
export const clusterGlob = text('a cluster glob').refine((glob) => NAMESPACE_GLOB.test(glob), {
  error: (issue) => `${quoted(issue.input)} is not a cluster glob: lowercase letters, digits and "-", with * and ? as wildcards`,
});

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A cluster's name, as its workers' CLUSTER_NAME gives it. */
export const clusterName = text('a cluster name').refine((name) => DNS_LABEL.test(name), {
  error: (issue) => `${quoted(issue.input)} is not a cluster name: lowercase letters, digits and "-", at most 63 (a worker's CLUSTER_NAME)`,
});

export const namespaceName = text('a namespace').refine((name) => DNS_LABEL.test(name), {
  error: (issue) => `${quoted(issue.input)} is not a namespace name: lowercase letters, digits and "-", at most 63`,
});

export const channelId = text('a Slack channel id').refine((id) => CHANNEL_ID.test(id), {
  error: (issue) => `${quoted(issue.input)} is not a Slack channel id (C… or G…)`,
});

/** A duration limit keeps its spelling from the file, so messages quote the limit as the admin wrote it. */
export const durationLimit = z
  .union([z.string(), z.number()], { error: 'must be a duration like 30s, 2m or 1m30s' })
  .transform((value, ctx) => {
    const seconds = parseDurationSeconds(String(value));
    if (seconds === undefined || seconds <= 0) {
      ctx.addIssue({ code: 'custom', message: `${quoted(value)} is not a duration: write it like 30s, 2m or 1m30s` });
      return z.NEVER;
    }
    return { seconds, written: typeof value === 'number' ? `${value}s` : value };
  });

export const snaplen = z
  .number({ error: 'must be a number of bytes, like 256' })
  .int('must be a whole number of bytes')
  .positive('must be at least 1 byte');

export const driver = z.enum(DRIVERS, {
  error: (issue) => `unknown driver ${quoted(issue.input)}: use ${DRIVERS.join(', ')}`,
});

export const approval = z.enum(['required', 'none'], {
  error: (issue) => `approval must be required or none, not ${quoted(issue.input)}`,
});

export const ruleName = text('a rule name').min(1, 'must not be empty');
export const denyReason = text('the reason shown to the requester').min(1, 'must say why captures are refused');
