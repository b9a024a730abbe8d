import type { RespondFn } from '@slack/bolt';

type EphemeralReply = { response_type: 'ephemeral'; text: string };

/** How long a handler may spend on checks (policy groups, request limit) before Slack must hear something. */
export const ACK_BUDGET_MS = 1_500;

/**
 * An ack that cannot be late: when the handler has not acked within the
 * budget (Slack or Redis slow on a policy or limit check), a holding reply
 * goes out at once, and the handler's own ack later arrives through
 * response_url instead. Fast paths still answer with one message.
 */
export function ackInTime(
  ack: (reply: EphemeralReply) => Promise<void>,
  respond: RespondFn,
  budgetMs: number = ACK_BUDGET_MS,
): { ack: (reply: EphemeralReply) => Promise<void>; done: () => void } {
  let acked = false;
  const timer = setTimeout(() => {
    if (acked) return;
    acked = true;
    void ack({ response_type: 'ephemeral', text: ':hourglass_flowing_sand: Checking your request…' }).catch(() => {});
  }, budgetMs);
  return {
    ack: async (reply) => {
      if (!acked) {
        acked = true;
        clearTimeout(timer);
        await ack(reply);
        return;
      }
      await respond({ ...reply, replace_original: false });
    },
    done: () => clearTimeout(timer),
  };
}
