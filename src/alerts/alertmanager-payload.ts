import { z } from 'zod';

/** Label and annotation maps: Prometheus label names, string values. */
const stringMap = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'label names are letters, digits and _'), z.string());

const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: stringMap,
  annotations: stringMap.default({}),
  startsAt: z.string().min(1),
  endsAt: z.string().optional(),
  generatorURL: z.string().default(''),
  fingerprint: z.string().regex(/^[0-9a-f]{1,64}$/, 'fingerprint must be hexadecimal'),
});

/**
 * Alertmanager's webhook payload, version 4 (the only version it sends).
 * Fields capturebot does not read (receiver, groupLabels, externalURL, …)
 * are accepted and ignored, so a newer Alertmanager is not refused.
 */
export const alertmanagerPayloadSchema = z.object({
  version: z.literal('4', { error: 'version must be "4" (Alertmanager webhook payload v4)' }),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  alerts: z.array(alertSchema).max(1_000, 'at most 1000 alerts per notification'),
});

export type AlertmanagerPayload = z.output<typeof alertmanagerPayloadSchema>;
export type Alert = AlertmanagerPayload['alerts'][number];

/** One line naming what is wrong with a payload, for the 400 answer. */
export function payloadProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'the payload is not an Alertmanager webhook payload';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'payload';
  return `${where}: ${issue.message}`;
}
