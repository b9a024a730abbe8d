import type { SlackStandIn } from '../test/support/slack/index.js';
import type { RecordedCall } from '../test/support/slack/index.js';

export interface SentCommand {
  readonly captureId: string | undefined;
  /** ms since the epoch when the request left. */
  readonly sentAt: number;
  /** Request to HTTP response, as Slack would time it. */
  readonly ackMs: number;
  readonly status: number;
  readonly text: string;
}

const HOLDING_REPLY = 'Checking your request';
const acceptedId = (text: string): string | undefined => /Capture `([0-9A-HJKMNP-TV-Z]{26})` accepted/.exec(text)?.[1];

/** Sends a signed `/capture` as Slack would and reads the capture id from the ephemeral ack (or, after a holding reply, from response_url). */
export async function sendCapture(slack: SlackStandIn, url: string, input: { text: string; userId: string; channelId: string }): Promise<SentCommand> {
  const sentAt = Date.now();
  try {
    const response = await slack.sendSlashCommand(url, input);
    const text = typeof response.body === 'object' && response.body !== null ? String((response.body as { text?: unknown }).text ?? '') : String(response.body);
    let captureId = acceptedId(text);
    // Checks slower than the ack budget (src/slack/ack-in-time.ts): the answer follows through response_url.
    if (!captureId && text.includes(HOLDING_REPLY)) {
      const [answer] = await slack.waitForResponses(response.responseUrl, { timeoutMs: 30_000 });
      captureId = acceptedId(String(answer?.body.text ?? ''));
    }
    return { captureId, sentAt, ackMs: response.elapsedMs, status: response.status, text };
  } catch (error) {
    // No answer within Slack's 3 s: Slack shows the user an error, and so does the benchmark.
    return { captureId: undefined, sentAt, ackMs: Date.now() - sentAt, status: 0, text: (error as Error).message };
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
