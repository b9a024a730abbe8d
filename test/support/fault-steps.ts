import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { isApprovalCard } from './approvals.js';
import type { CapturebotProcess, LogLine } from './capturebot-process.js';
import { CAPTURE_NAMESPACE, eventsUrl, type World } from './capturebot-harness.js';
import { CAPTURE_QUEUE } from '../../src/queue/queue-names.js';
import { createDigestStream } from '../../src/worker/digest-stream.js';
import { pseudoRandomStream } from './pseudo-random-stream.js';
import { REDIS_URL } from './redis.js';
import type { ChannelMessage } from './slack/index.js';

/** Sends `/capture text` as user in channel through the bot; returns the capture id from its answer. */
export async function requestCapture(world: World, bot: CapturebotProcess, text: string, channel: string, user = 'U0RESPONDER'): Promise<string> {
  const ack = await world.slack.sendSlashCommand(eventsUrl(bot), { text, userId: user, channelId: channel });
  if (ack.status !== 200) throw new Error(`capture not acked: ${ack.status}`);
  const answer = await world.slack.firstAnswer(ack);
  const id = /Capture `([0-9A-HJKMNP-TV-Z]{26})` accepted/.exec(answer.text)?.[1];
  if (!id) throw new Error(`capture not accepted: ${answer.text}`);
  return id;
}

/** The status message of the capture in channel (the first message that is not an approval card). */
export function statusOf(world: World, channel: string, captureId?: string): ChannelMessage | undefined {
  return world.slack
    .channelMessages(channel)
    .filter((m) => !isApprovalCard(m))
    .find((m) => captureId === undefined || JSON.stringify(m.blocks ?? m.text).includes(captureId));
}

/** Waits until the status message's current text matches; returns that text. */
export async function waitForStatus(world: World, channel: string, pattern: RegExp, timeoutMs = 20_000, captureId?: string): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = statusOf(world, channel, captureId)?.text ?? '';
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`status in ${channel} never matched ${pattern}; it reads: ${text || '(no message)'}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The replies in the status message's thread that carry a download link. */
export function linkReplies(world: World, channel: string, captureId?: string): ChannelMessage[] {
  return (statusOf(world, channel, captureId)?.replies ?? []).filter((r) => /<https?:\/\/[^|>]+\|/.test(r.text));
}

/** A log line of this capture with this message. */
export const logOf = (captureId: string, msg: string) => (line: LogLine) => line.captureId === captureId && line.msg === msg;

/** A file of sizeBytes deterministic bytes to serve as a trace; returns its path and sha256. */
export async function bigTrace(sizeBytes: number): Promise<{ path: string; sha256: string }> {
  const path = join(await mkdtemp(join(tmpdir(), 'capturebot-trace-')), 'big.scap.gz');
  const digest = createDigestStream();
  await pipeline(pseudoRandomStream(sizeBytes), digest.stream, createWriteStream(path));
  return { path, sha256: digest.result().sha256 };
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where the capture's BullMQ job stands ('unknown' when there is none). */
export async function jobState(world: World, captureId: string, redisUrl = REDIS_URL): Promise<string> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const queue = new Queue('captures', { connection, prefix: world.prefix });
  try {
    return await queue.getJobState(captureId);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** How many capture jobs the queue holds, in any state: 0 when nothing was ever queued. */
export async function queuedJobCount(world: World, redisUrl = REDIS_URL): Promise<number> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const queue = new Queue('captures', { connection, prefix: world.prefix });
  try {
    return await queue.getJobCountByTypes('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized', 'waiting-children');
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Polls until check() is true. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** How many capture pods the API server was asked to create (a pod's name is in the body, not the URL). */
export function capturePodCreates(world: World): number {
  return world.kube.requests.filter((r) => r.verb === 'create' && r.resource === 'pods' && !r.subresource && r.namespace === CAPTURE_NAMESPACE).length;
}

/** The capture queue paused: workers still resolve targets but take no capture job until it is resumed. */
export async function pausedCaptureQueue(world: Pick<World, 'prefix'>, redisUrl = REDIS_URL): Promise<Queue> {
  const captures = new Queue(CAPTURE_QUEUE, { connection: { url: redisUrl }, prefix: world.prefix });
  await captures.pause();
  return captures;
}
