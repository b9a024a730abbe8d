import { z } from 'zod';
import { captureIdSchema } from '../capture/capture-job.js';
import { APPROVE_ACTION, DENY_ACTION, DENY_VIEW, REASON_BLOCK, REASON_INPUT } from './approval-actions.js';
import { MAX_REASON_LENGTH } from './deny-reason-view.js';

const userId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'user.id must be a Slack user id');
const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel id');
const ts = z.string().regex(/^\d+\.\d+$/, 'must be a Slack ts');
/** The capture id, then the command text the button approves (absent when it did not fit). */
const BUTTON_VALUE = /^([0-9A-HJKMNP-TV-Z]{26})(?: ([\s\S]+))?$/;

const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: userId }),
  trigger_id: z.string().min(1),
  channel: z.object({ id: channelId }).optional(),
  container: z.object({ message_ts: ts.optional(), channel_id: channelId.optional() }).optional(),
  actions: z
    .array(z.object({ action_id: z.string(), value: z.string().optional() }))
    .length(1, 'a click carries exactly one action'),
});

/** A click on an approval card's button, checked. */
export interface ApprovalClick {
  readonly action: 'approve' | 'deny';
  readonly captureId: string;
  readonly command?: string;
  readonly userId: string;
  readonly triggerId: string;
  /** The card clicked, when Slack says. */
  readonly channelId?: string;
  readonly messageTs?: string;
}

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

function problemOf(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined ? 'invalid payload' : `${issue.path.join('.') || 'payload'}: ${issue.message}`;
}

/** Reads a block_actions payload as a click on Approve or Deny; anything else is a problem, never a guess. */
export function decodeApprovalClick(body: unknown): Decoded<ApprovalClick> {
  const parsed = blockActionsSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problem: problemOf(parsed.error) };
  const { user, trigger_id: triggerId, channel, container } = parsed.data;
  const [action] = parsed.data.actions as [{ action_id: string; value?: string }];
  if (action.action_id !== APPROVE_ACTION && action.action_id !== DENY_ACTION) {
    return { ok: false, problem: `unknown action id ${JSON.stringify(action.action_id.slice(0, 64))}` };
  }
  const value = BUTTON_VALUE.exec(action.value ?? '');
  if (!value) return { ok: false, problem: 'the button value does not start with a capture id' };
  const channelId = channel?.id ?? container?.channel_id;
  return {
    ok: true,
    value: {
      action: action.action_id === APPROVE_ACTION ? 'approve' : 'deny',
      captureId: value[1]!,
      ...(value[2] !== undefined && { command: value[2] }),
      userId: user.id,
      triggerId,
      ...(channelId !== undefined && { channelId }),
      ...(container?.message_ts !== undefined && { messageTs: container.message_ts }),
    },
  };
}

const denyMetadataSchema = z.object({ captureId: captureIdSchema, channel: channelId, cardTs: ts });

const jsonText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON' });
    return z.NEVER;
  }
});

const denySubmissionSchema = z.object({
  type: z.literal('view_submission'),
  user: z.object({ id: userId }),
  view: z.object({
    callback_id: z.literal(DENY_VIEW),
    private_metadata: jsonText.pipe(denyMetadataSchema),
    state: z.object({
      values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().max(MAX_REASON_LENGTH).nullish() }))),
    }),
  }),
});

/** The Deny modal, submitted. */
export interface DenySubmission {
  readonly captureId: string;
  readonly channel: string;
  readonly cardTs: string;
  readonly userId: string;
  /** Trimmed; absent when left empty. */
  readonly reason?: string;
}

export function decodeDenySubmission(body: unknown): Decoded<DenySubmission> {
  const parsed = denySubmissionSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problem: problemOf(parsed.error) };
  const { view, user } = parsed.data;
  const reason = view.state.values[REASON_BLOCK]?.[REASON_INPUT]?.value?.trim();
  return {
    ok: true,
    value: { ...view.private_metadata, userId: user.id, ...(reason ? { reason } : {}) },
  };
}
