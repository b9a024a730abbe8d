import type { App } from '@slack/bolt';
import type { CaptureLimits } from '../capture/capture-spec.js';
import { captureHelp, parseCaptureCommand, unknownTopicText, type ParsedCommand } from '../capture/grammar.js';
import { channelDefaults } from '../policy/index.js';
import { invalidCommandText } from './ack-messages.js';
import { UploadTurns } from '../worker/upload-turns.js';
import { answersAfterAck } from './answers-after-ack.js';

/** Commands whose checks run at once; the rest wait their turn after their ack. */
const CHECKS_AT_ONCE = 4;
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
 * `/capture …`: parse, and answer a mistake or `help` in the ack itself. Any
 * other command is acked at once, before a single check runs (Slack gives 3 s,
 * and a request limit in Redis, a policy group in Slack or a worker resolving
 * the target can each be slow); its answers follow through response_url.
 */
export function registerCaptureCommand(app: App, deps: CaptureCommandDeps): void {
  // The checks of a burst of commands take turns, so the event loop stays free to ack the next ones at once.
  const turns = new UploadTurns(CHECKS_AT_ONCE);
  const always = new AbortController().signal;
  app.command('/capture', async ({ command, ack, client, respond }) => {
    // The channel's namespace and cluster from the policy's channels:, for a command that names neither.
    const parsed = parseCaptureCommand(command.text ?? '', deps.limits, channelDefaults(deps.access.policy.current(), command.channel_id));
    if (parsed.kind === 'help') {
      await ack({ response_type: 'ephemeral', text: parsed.unknownTopic === undefined ? captureHelp(deps.limits, parsed.topic) : `:grey_question: ${escapeMrkdwn(unknownTopicText(parsed.unknownTopic))}` });
      return;
    }
    if (parsed.kind === 'invalid') {
      deps.log.info({ user: command.user_id, channel: command.channel_id, problem: parsed.problem }, 'capture command refused');
      await ack({ response_type: 'ephemeral', text: invalidCommandText(parsed.problem, parsed.corrected) });
      auditInvalidCommand(deps, command.user_id, command.channel_id, parsed.problem);
      return;
    }
    await ack();
    const { answer, done } = answersAfterAck(respond);
    const release = await turns.take(always, () => {});
    try {
      await handle(parsed, { userId: command.user_id, channelId: command.channel_id, answer, respond, client });
    } finally {
      release();
      done();
    }
  });

  async function handle(parsed: Exclude<ParsedCommand, { kind: 'help' | 'invalid' }>, context: CommandContext): Promise<void> {
    switch (parsed.kind) {
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
