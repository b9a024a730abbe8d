import type { App, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { APPROVE_ACTION, DENY_ACTION, DENY_VIEW, REASON_BLOCK } from './approval-actions.js';
import { approveCapture, type ApproveDeps } from '../requests/approve-capture.js';
import { denyCapture, openDenyModal, type AskDenyReason, type DenyAnswer } from '../requests/deny-capture.js';
import { denyReasonView } from './deny-reason-view.js';
import { slackBoard } from './slack-board.js';
import { slackRequestTexts } from './slack-request-texts.js';
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

/** What the modal's ack can carry: close it, or keep it open with an error under the reason field. */
type ViewAck = (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;

function plain(text: string): string {
  return text.replace(/^:[a-z_]+: /, '');
}

/** The Deny modal's answers: an error under its reason field, or closed. */
function modalAnswer(ack: ViewAck): DenyAnswer {
  return { refuse: (text) => ack({ response_action: 'errors', errors: { [REASON_BLOCK]: plain(text) } }), done: () => ack() };
}

/** Deny's reason, asked in a modal opened from the click. */
function denyDialog(client: WebClient, triggerId: string): AskDenyReason {
  return async (approval, cardTs) => {
    await client.views.open({ trigger_id: triggerId, view: denyReasonView(approval, { captureId: approval.captureId, channel: approval.channel, cardTs }) });
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
      const door = { board: slackBoard(client), texts: slackRequestTexts, tell: safeTell };
      if (click.action === 'approve') await approveCapture(click, door, deps);
      else await openDenyModal(click, door, denyDialog(client, click.triggerId), deps.access);
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
      await denyCapture(decoded.value, modalAnswer(ack as ViewAck), { board: slackBoard(client), texts: slackRequestTexts }, deps.access);
    } catch (error) {
      log.error({ err: error, captureId: decoded.value.captureId }, 'deny failed');
      await (ack as ViewAck)({ response_action: 'errors', errors: { [REASON_BLOCK]: 'That did not work: the approval store (Redis) or Slack is unavailable. Try again in a moment.' } }).catch(() => {});
    }
  });
}
