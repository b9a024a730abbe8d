import { z } from 'zod';
import { DRIVERS } from '../capture/driver.js';
import type { PolicyIdPlace } from './policy-ids.js';
import {
  approval,
  channelId,
  clusterGlob,
  clusterName,
  denyReason,
  driver,
  durationLimit,
  listOf,
  namespaceGlob,
  namespaceName,
  principalId,
  ruleName,
  settingsMap,
  snaplen,
} from './policy-fields.js';
import { alertRulesSchema } from './alert-rules.js';

/** What a rule may set and `defaults` sets for every rule that does not. */
const settingsShape = {
  approval: approval.optional(),
  /** An empty list means "anyone but the requester". */
  approvers: z.array(principalId, { error: 'must be a list of Slack ids, like [S0ONCALL, U0123ABCD]' }).optional(),
  maxDuration: durationLimit.optional(),
  maxSnaplen: snaplen.optional(),
  drivers: listOf(driver, 'driver').optional(),
  /** Who may cancel captures besides their requester, their approver and the listed approvers (an on-call group). */
  cancellers: z.array(principalId, { error: 'must be a list of Slack ids, like [S0ONCALL, U0123ABCD]' }).optional(),
};

const ruleShape = {
  name: ruleName.optional(),
  namespaces: listOf(namespaceGlob, 'namespace glob'),
  /** The clusters the rule is for (globs); absent: every cluster. */
  clusters: listOf(clusterGlob, 'cluster glob').optional(),
  channels: listOf(channelId, 'channel id').optional(),
  requesters: listOf(principalId, 'Slack id').optional(),
  deny: denyReason.optional(),
  ...settingsShape,
};

const NOT_WITH_DENY = ['channels', 'requesters', 'approval', 'approvers', 'maxDuration', 'maxSnaplen', 'drivers', 'cancellers'] as const;

type Settings = z.output<ReturnType<typeof settingsMap<typeof settingsShape>>>;
type RuleInFile = z.output<ReturnType<typeof settingsMap<typeof ruleShape>>>;

const ruleSchema = settingsMap(ruleShape).superRefine((rule, ctx) => {
  if (rule.deny !== undefined) {
    for (const key of NOT_WITH_DENY) {
      if (rule[key] === undefined) continue;
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `a rule with deny refuses every request for its namespaces, so it takes no ${key}: remove ${key} or deny`,
      });
    }
  } else if (rule.approval === 'none' && rule.approvers !== undefined && rule.approvers.length > 0) {
    // Contradictory in one rule, so refused; in defaults it is fine: rules that say approval: required inherit the approvers.
    ctx.addIssue({
      code: 'custom',
      path: ['approvers'],
      message: 'approvers have no effect with approval: none: remove approvers, or set approval: required',
    });
  }
});

/** Where no rule matches, and for every setting a rule leaves out. */
export const DEFAULTS_LABEL = 'the policy defaults';

function effective(own: Settings, inherited: ReturnType<typeof resolveDefaults>) {
  return {
    approval: own.approval ?? inherited.approval,
    approvers: own.approvers ?? inherited.approvers,
    maxDuration: own.maxDuration ?? inherited.maxDuration,
    maxSnaplen: own.maxSnaplen ?? inherited.maxSnaplen,
    drivers: own.drivers ?? inherited.drivers,
    cancellers: own.cancellers ?? inherited.cancellers,
  };
}

/**
 * Without a setting anywhere: approval required from anyone but the requester,
 * every driver, no limit beyond the bot's MAX_DURATION / MAX_SNAPLEN, and no
 * cancellers beyond a capture's requester, its approver and named approvers.
 */
function resolveDefaults(own: Settings) {
  return {
    kind: 'allow' as const,
    label: DEFAULTS_LABEL,
    approval: own.approval ?? 'required',
    approvers: own.approvers ?? [],
    maxDuration: own.maxDuration,
    maxSnaplen: own.maxSnaplen,
    drivers: own.drivers ?? [...DRIVERS],
    cancellers: own.cancellers ?? [],
    channels: undefined,
    requesters: undefined,
  };
}

function resolveRule(rule: RuleInFile, index: number, defaults: ReturnType<typeof resolveDefaults>) {
  const label = rule.name !== undefined ? `rule "${rule.name}"` : `rule ${index + 1} (namespaces ${rule.namespaces.join(', ')})`;
  if (rule.deny !== undefined) {
    return { kind: 'deny' as const, label, namespaces: rule.namespaces, clusters: rule.clusters, reason: rule.deny };
  }
  return {
    ...effective(rule, defaults),
    kind: 'allow' as const,
    label,
    namespaces: rule.namespaces,
    clusters: rule.clusters,
    channels: rule.channels,
    requesters: rule.requesters,
  };
}

/** A channel's defaults for commands typed there that name no namespace or no cluster. */
const channelDefaultsSchema = settingsMap({ cluster: clusterName.optional(), namespace: namespaceName.optional() }).refine(
  (defaults) => defaults.cluster !== undefined || defaults.namespace !== undefined,
  'must set cluster:, namespace: or both',
);

const channelsSchema = z
  .record(z.string(), channelDefaultsSchema, { error: 'must be a map of channel ids, each with cluster: and/or namespace:' })
  .superRefine((channels, ctx) => {
    for (const id of Object.keys(channels)) {
      if (!channelId.safeParse(id).success) ctx.addIssue({ code: 'custom', path: [id], message: `${JSON.stringify(id)} is not a Slack channel id (C… or G…)` });
    }
  });

/**
 * The policy file. Every setting a rule leaves out is filled in from
 * `defaults` here, so evaluation only has to find the rule.
 */
export const policySchema = settingsMap({
  defaults: settingsMap(settingsShape).optional(),
  rules: z.array(ruleSchema, { error: 'must be a list of rules (each starting with "- namespaces:")' }).optional(),
  alerts: alertRulesSchema.optional(),
  channels: channelsSchema.optional(),
}).transform((file) => {
  const defaults = resolveDefaults(file.defaults ?? {});
  return {
    defaults,
    rules: (file.rules ?? []).map((rule, index) => resolveRule(rule, index, defaults)),
    alerts: file.alerts ?? [],
    channels: file.channels ?? {},
  };
});

/** ids: where the file names each Slack id, filled in by parsePolicy (absent for a policy built in code). */
export type Policy = z.output<typeof policySchema> & { readonly ids?: readonly PolicyIdPlace[] };
export type PolicyRule = Policy['rules'][number];
/** A rule that allows captures within limits; `defaults` is one that matches every namespace. */
export type LimitsRule = Policy['defaults'] | Extract<PolicyRule, { kind: 'allow' }>;
export type DurationLimit = z.output<typeof durationLimit>;
