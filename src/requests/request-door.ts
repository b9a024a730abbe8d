import type { CaptureBoard } from './capture-board.js';
import type { RequestTexts } from './request-texts.js';

/** Where a use case's public messages go and how its answers are worded. */
export interface Channel {
  readonly board: CaptureBoard;
  readonly texts: RequestTexts;
}

/**
 * How a request's answers reach whoever asked: the person who typed the
 * command (ephemeral replies), or, for an alert, the rule's channel.
 */
export interface RequestDoor extends Channel {
  /** Whether a refusal may suggest a command to type instead (a person typed this one). */
  readonly offersCommands: boolean;
  /** Nothing was started, and why. */
  notStarted(text: string): Promise<void>;
  /** Started, or waiting for approval: the first answer. */
  accepted(text: string): Promise<void>;
  /** Later news for the requester (a status message or card that could not be posted). */
  later(text: string): Promise<void>;
}

/** Someone clicked Approve or Deny (or submitted the reason for a denial): how to answer them. */
export interface DecisionDoor extends Channel {
  /** A private answer to the person who decided. */
  tell(text: string): Promise<void>;
}

/** Who asked to cancel, from where, and how to answer them. */
export interface CancelDoor extends Channel {
  readonly userId: string;
  readonly channelId: string;
  /** What happened (the command was acked before anything was checked). */
  answer(text: string): Promise<void>;
}
