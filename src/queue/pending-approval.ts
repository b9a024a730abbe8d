import { z } from 'zod';
import { captureJobSchema } from '../capture/capture-job.js';

/**
 * A capture request waiting for a decision, as kept in Redis (a boundary:
 * parsed again whenever it is read).
 */
export const pendingApprovalSchema = captureJobSchema
  .omit({ statusTs: true, policyRule: true, approvedBy: true })
  .extend({
    /** The canonical command text (captureCommandText); an approval parses it again. */
    command: z.string().min(1),
    /** The policy rule that asked for the approval. */
    rule: z.string().min(1),
    /** Who may decide, as the rule listed them (user and group ids); empty: anyone but the requester. */
    approvers: z.array(z.string().min(1)),
    /** ISO-8601: when the request expires undecided. */
    expiresAt: z.iso.datetime(),
    /** ts of the approval card, once it is posted. */
    cardTs: z.string().min(1).optional(),
  });

export type PendingApproval = z.infer<typeof pendingApprovalSchema>;

/** How a pending approval ended. */
export const approvalOutcomeSchema = z.object({
  kind: z.enum(['approved', 'denied', 'refused', 'expired']),
  /** The user who decided, or `capturebot`. */
  by: z.string().min(1),
  /** ISO-8601. */
  at: z.iso.datetime(),
  reason: z.string().optional(),
});

export type ApprovalOutcome = z.infer<typeof approvalOutcomeSchema>;
