import { z } from 'zod';
import { approval, channelId, clusterName, durationLimit, principalId, settingsMap } from './policy-fields.js';

/** Rule names become the requester `alertmanager/<name>`, so they are DNS labels. */
const alertRuleName = z
  .string({ error: 'must be the rule name in quotes' })
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be lowercase letters, digits and "-" (it names the requester alertmanager/<name>)');

/** Label name → exact value or glob (`ticket-*`). */
const labelMatch = z
  .record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'label names are letters, digits and _'),
    z.string({ error: 'each label value must be a string in quotes (exact, or a glob like "ticket-*")' }).min(1),
    { error: 'must be a map of label: value lines, like alertname: HighErrorRate' },
  )
  .refine((labels) => Object.keys(labels).length > 0, 'must name at least one label to match');

const count = z.number({ error: 'must be a number, like 6' }).int('must be a whole number').positive('must be at least 1');

const alertRuleSchema = settingsMap({
  name: alertRuleName,
  match: labelMatch,
  channel: channelId,
  /** The cluster its captures run in; an alert's own `cluster` label takes precedence. */
  cluster: clusterName.optional(),
  duration: durationLimit.default({ seconds: 30, written: '30s' }),
  approval: approval.default('required'),
  /** As in rules: empty or absent means anyone (an alert has no person to exclude). */
  approvers: z.array(principalId, { error: 'must be a list of Slack ids, like [S0ONCALL, U0123ABCD]' }).optional(),
  cooldown: durationLimit.default({ seconds: 600, written: '10m' }),
  maxPerHour: count.default(6),
}).superRefine((rule, ctx) => {
  if (rule.approval === 'none' && rule.approvers !== undefined && rule.approvers.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['approvers'], message: 'approvers have no effect with approval: none: remove approvers, or set approval: required' });
  }
});

/** The policy's `alerts:` list: which Alertmanager alerts start a capture, where it is posted, and how often. */
export const alertRulesSchema = z
  .array(alertRuleSchema, { error: 'must be a list of alert rules (each starting with "- name:")' })
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (seen.has(rule.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `alert rule "${rule.name}" is named twice: names must be unique` });
      seen.add(rule.name);
    });
  });

export type AlertRule = z.output<typeof alertRuleSchema>;
