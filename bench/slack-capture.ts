import type { SlackStandIn } from '../test/support/slack/index.js';
import type { RecordedCall } from '../test/support/slack/index.js';

export interface SentCommand {
  readonly captureId: string | undefined;
  /** ms since the epoch when the request left. */
  readonly sentAt: number;
  /** Request to HTTP response, as Slack would time it. */
  readonly ackMs: number;
  /** Request to the answer through response_url (accepted, or why nothing was started), past any holding line. */
  readonly answerMs: number;
  readonly status: number;
  /** The answer's text. */
  readonly text: string;
}

const HOLDING_REPLY = 'Checking your request';
const acceptedId = (text: string): string | undefined => /Capture `([0-9A-HJKMNP-TV-Z]{26})` accepted/.exec(text)?.[1];

/**
 * Sends a signed `/capture` as Slack would; the bot acks it empty at once and
 * answers through response_url (after a holding line when its checks are slow),
 * where the capture id is read.
 */
export async function sendCapture(slack: SlackStandIn, url: string, input: { text: string; userId: string; channelId: string }): Promise<SentCommand> {
  const sentAt = Date.now();
  let ackMs: number | undefined;
  try {
    const response = await slack.sendSlashCommand(url, input);
    ackMs = response.elapsedMs;
    let posts = await slack.waitForResponses(response.responseUrl, { timeoutMs: 30_000 });
    if (String(posts[0]?.body.text).includes(HOLDING_REPLY)) posts = await slack.waitForResponses(response.responseUrl, { count: 2, timeoutMs: 30_000 });
    const answer = posts.at(-1)!;
    const text = String(answer.body.text ?? '');
    return { captureId: acceptedId(text), sentAt, ackMs, answerMs: answer.at - sentAt, status: response.status, text };
  } catch (error) {
    // No ack within Slack's 3 s (Slack shows the user an error, and so does the benchmark), or no answer after it.
    return { captureId: undefined, sentAt, ackMs: ackMs ?? Date.now() - sentAt, answerMs: Date.now() - sentAt, status: ackMs === undefined ? 0 : 200, text: (error as Error).message };
  }
}

/** Whether a Web API call is about this capture (status message, its updates, the link in its thread). */
export function isAbout(call: RecordedCall, captureId: string): boolean {
  return JSON.stringify(call.args).includes(captureId);
}

const STAGES = {
  starting: 'Starting capture pod',
  capturing: 'Capturing on node',
  uploading: 'Uploading the trace',
  notStarted: 'Not started',
  done: 'Done:',
  failed: 'Failed:',
} as const;

export type Stage = keyof typeof STAGES;

export function isStage(call: RecordedCall, stage: Stage): boolean {
  return call.method === 'chat.update' && String(call.args.text ?? '').includes(STAGES[stage]);
}

/** A presigned link carries its signature in the query string. */
export function carriesLink(call: RecordedCall): boolean {
  return JSON.stringify(call.args).includes('X-Amz-Signature');
}

export function waitForCapture(slack: SlackStandIn, captureId: string, match: (call: RecordedCall) => boolean, timeoutMs: number): Promise<RecordedCall> {
  return slack.waitFor((call) => isAbout(call, captureId) && match(call), { timeoutMs });
}

/** The capture's last status: done or failed (the capture pod is gone by then). */
export function waitForEnd(slack: SlackStandIn, captureId: string, timeoutMs: number): Promise<RecordedCall> {
  return waitForCapture(slack, captureId, (call) => isStage(call, 'done') || isStage(call, 'failed'), timeoutMs);
}

/** Runs fn over items with at most `limit` in flight, keeping the results in order. */
export async function inPool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
