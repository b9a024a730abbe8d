import type { App, SlashCommand } from '@slack/bolt';
import type { CaptureLimits } from '../capture/capture-spec.js';
import { captureHelp, parseCaptureCommand, unknownTopicText } from '../capture/grammar.js';
import { channelDefaults } from '../policy/index.js';
import { invalidCommandText } from './ack-messages.js';
import { ackInTime } from './ack-in-time.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { auditInvalidCommand } from './audit-invalid-command.js';
import { cancelCapture, type CancelCaptureDeps } from '../requests/cancel-capture.js';
import { listCaptures, showCaptureStatus, type CaptureHistoryDeps } from './capture-history-command.js';
import { showPolicy } from './policy-command.js';
import { refusedByCommandLimit, refusedByRequestLimit, type RequestLimitDeps } from './request-limit-check.js';
import { requestCapture, type RequestCaptureDeps } from '../requests/request-capture.js';
import { commandCancelDoor, commandDoor, type CommandContext } from './command-context.js';

export interface CaptureCommandDeps extends RequestCaptureDeps, CancelCaptureDeps, RequestLimitDeps, CaptureHistoryDeps {
  readonly limits: CaptureLimits;
  /** Counts each valid capture request (the metrics in production). */
  readonly onRequested?: () => void;
}

/**
 * `/capture …`: parse, then hand each kind of command to its own handler.
 * Handlers ack as soon as they know the answer; the few checks that come
 * first (request limit, policy groups) run against a budget, after which a
 * holding reply is sent (ackInTime), so a slow Slack or Redis never costs the ack.
 */
export function registerCaptureCommand(app: App, deps: CaptureCommandDeps): void {
  app.command('/capture', async ({ command, ack: slackAck, client, respond }) => {
    const { ack, done } = ackInTime(slackAck, respond);
    try {
      await handle(command, { userId: command.user_id, channelId: command.channel_id, ack, respond, client });
    } finally {
      done();
    }
  });

  async function handle(command: SlashCommand, context: CommandContext): Promise<void> {
    const { ack } = context;
    // The channel's namespace and cluster from the policy's channels:, for a command that names neither.
    const parsed = parseCaptureCommand(command.text ?? '', deps.limits, channelDefaults(deps.access.policy.current(), command.channel_id));
    switch (parsed.kind) {
      case 'help':
        await ack({ response_type: 'ephemeral', text: parsed.unknownTopic === undefined ? captureHelp(deps.limits, parsed.topic) : `:grey_question: ${escapeMrkdwn(unknownTopicText(parsed.unknownTopic))}` });
        return;
      case 'invalid':
        deps.log.info({ user: command.user_id, channel: command.channel_id, problem: parsed.problem }, 'capture command refused');
        await ack({ response_type: 'ephemeral', text: invalidCommandText(parsed.problem, parsed.corrected) });
        auditInvalidCommand(deps, command.user_id, command.channel_id, parsed.problem);
        return;
      case 'capture':
        if (await refusedByRequestLimit(context, deps)) return;
        deps.onRequested?.();
        await requestCapture(parsed.spec, context, commandDoor(context), deps);
        return;
      case 'cancel':
        if (await refusedByCommandLimit(context, deps)) return;
        await cancelCapture(parsed.captureId, commandCancelDoor(context), deps, parsed.cluster);
        return;
      case 'status':
        if (await refusedByCommandLimit(context, deps)) return;
        await showCaptureStatus(parsed.captureId, context, deps, parsed.cluster);
        return;
      case 'list':
        if (await refusedByCommandLimit(context, deps)) return;
        await listCaptures(context, deps, parsed.cluster);
        return;
      case 'policy':
        if (await refusedByCommandLimit(context, deps)) return;
        await showPolicy(parsed.namespace, context, deps);
        return;
    }
  }
}
