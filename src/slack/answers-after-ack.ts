import type { RespondFn } from '@slack/bolt';

type EphemeralReply = { response_type: 'ephemeral'; text: string };

/** How long the checks (request limit, policy groups, the worker's resolve) may take before a holding line is posted. */
export const HOLDING_REPLY_AFTER_MS = 1_500;

export const HOLDING_REPLY = ':hourglass_flowing_sand: Checking your request…';

/**
 * The answers to a command Slack has already heard back from: every one goes
 * through response_url. When none has gone out within the budget (a slow
 * worker, Redis or Slack on a check), a holding line goes first, so the person
 * who typed the command never looks at nothing.
 */
export function answersAfterAck(respond: RespondFn, budgetMs: number = HOLDING_REPLY_AFTER_MS): { answer: (reply: EphemeralReply) => Promise<void>; done: () => void } {
  let answered = false;
  const timer = setTimeout(() => {
    if (answered) return;
    answered = true;
    void respond({ response_type: 'ephemeral', text: HOLDING_REPLY, replace_original: false }).catch(() => {});
  }, budgetMs);
  return {
    answer: async (reply) => {
      answered = true;
      clearTimeout(timer);
      await respond({ ...reply, replace_original: false });
    },
    done: () => clearTimeout(timer),
  };
}
