import type { World } from './capturebot-harness.js';

/** How a status message reads once its capture is over, whatever the outcome. */
export const FINAL_STATUS = /:white_check_mark: Done|:x: Failed|:warning: Not started|:no_entry_sign: Cancelled/;

/**
 * Types `/capture text` in channel as user, through the bot at botUrl, and
 * resolves with the text of the status message once the capture is over.
 */
export async function runCapture(world: World, botUrl: string, text: string, channel: string, user = 'U0RESPONDER', timeoutMs = 20_000): Promise<string> {
  const ack = await world.slack.sendSlashCommand(botUrl, { text, userId: user, channelId: channel });
  if (ack.status !== 200) throw new Error(`/capture ${text} was answered ${ack.status}`);
  const final = await world.slack.waitFor((c) => c.method === 'chat.update' && c.args.channel === channel && FINAL_STATUS.test(String(c.args.text)), {
    timeoutMs,
  });
  return String(final.args.text);
}
