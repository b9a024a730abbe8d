import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { CancelDoor, RequestDoor } from '../requests/request-door.js';
import { slackBoard } from './slack-board.js';
import { slackRequestTexts } from './slack-request-texts.js';

/** Who typed a `/capture` command, where, and how to answer them. */
export interface CommandContext {
  readonly userId: string;
  readonly channelId: string;
  /** An answer to the person who typed it; the first one clears the holding line (answersAfterAck). */
  readonly answer: (response: { response_type: 'ephemeral'; text: string }) => Promise<void>;
  readonly respond: RespondFn;
  readonly client: WebClient;
}

/** The slash command's door to a request: every answer goes through response_url, after the ack. */
export function commandDoor(context: CommandContext): RequestDoor {
  return {
    board: slackBoard(context.client),
    texts: slackRequestTexts,
    offersCommands: true,
    notStarted: (text) => context.answer({ response_type: 'ephemeral', text }),
    accepted: (text) => context.answer({ response_type: 'ephemeral', text }),
    later: (text) => context.respond({ response_type: 'ephemeral', text }).then(() => {}),
  };
}

/** The slash command's door to a cancel: its answer goes through response_url, after the ack. */
export function commandCancelDoor(context: CommandContext): CancelDoor {
  return {
    board: slackBoard(context.client),
    texts: slackRequestTexts,
    userId: context.userId,
    channelId: context.channelId,
    answer: (text) => context.answer({ response_type: 'ephemeral', text }),
  };
}
