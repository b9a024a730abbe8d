import type { App, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { APPROVE_ACTION, DENY_ACTION, DENY_VIEW, REASON_BLOCK } from './approval-actions.js';
import { approveCapture, type ApproveDeps } from '../requests/approve-capture.js';
import { denyCapture, openDenyModal, type ViewAck } from '../requests/deny-capture.js';
import { decodeApprovalClick, decodeDenySubmission, type ApprovalClick } from './interaction-payloads.js';

/** An ephemeral answer to the clicker: through the click's response_url, else chat.postEphemeral. */
function replier(client: WebClient, click: ApprovalClick, respond: RespondFn | undefined): (text: string) => Promise<void> {
  return async (text) => {
    if (respond) {
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    } else if (click.channelId !== undefined) {
      await client.chat.postEphemeral({ channel: click.channelId, user: click.userId, text });
    }
  };
}

/**
 * The approval card's Approve and Deny buttons and the Deny modal. Every
 * payload is acked, then validated; one that does not validate changes
 * nothing and is logged.
 */
export function registerApprovalHandlers(app: App, deps: ApproveDeps): void {
  const log = deps.access.log;
  const onClick = async ({ ack, body, client, respond }: { ack: () => Promise<void>; body: unknown; client: WebClient; respond?: RespondFn }) => {
    await ack();
    const decoded = decodeApprovalClick(body);
    if (!decoded.ok) {
      log.warn({ problem: decoded.problem }, 'approval click ignored: malformed payload');
      return;
    }
    const click = decoded.value;
    const tell = replier(client, click, respond);
    const safeTell = (text: string) => tell(text).catch((error: unknown) => log.warn({ err: error, captureId: click.captureId }, 'clicker could not be answered'));
    try {
      if (click.action === 'approve') await approveCapture(click, client, safeTell, deps);
      else await openDenyModal(click, client, safeTell, deps.access);
    } catch (error) {
      log.error({ err: error, captureId: click.captureId, user: click.userId }, 'approval click failed');
      await safeTell(':warning: That did not work: the approval store (Redis) or Slack is unavailable. Nothing changed; try again in a moment.');
    }
  };
  app.action(APPROVE_ACTION, onClick);
  app.action(DENY_ACTION, onClick);

  app.view({ callback_id: DENY_VIEW, type: 'view_submission' }, async ({ ack, body, client }) => {
    const decoded = decodeDenySubmission(body);
    if (!decoded.ok) {
      log.warn({ problem: decoded.problem }, 'deny submission ignored: malformed payload');
      await ack();
      return;
    }
    try {
      await denyCapture(decoded.value, ack as ViewAck, client, deps.access);
    } catch (error) {
      log.error({ err: error, captureId: decoded.value.captureId }, 'deny failed');
      await (ack as ViewAck)({ response_action: 'errors', errors: { [REASON_BLOCK]: 'That did not work: the approval store (Redis) or Slack is unavailable. Try again in a moment.' } }).catch(() => {});
    }
  });
}
