import { writeFile, rename } from 'node:fs/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { CapturebotProcess, LogLine } from './capturebot-process.js';
import { eventsUrl, type World } from './capturebot-harness.js';
import { REDIS_URL } from './redis.js';
import type { ChannelMessage, InteractionResult } from './slack/index.js';

/** The action ids and view callback the approval card uses, as a user's client sends them back. */
export const APPROVE = 'capture_approve';
export const DENY = 'capture_deny';
export const DENY_VIEW = 'capture_deny_reason';

interface Button {
  readonly action_id: string;
  readonly value?: string;
  readonly text?: { readonly text?: string };
}

function buttonsOf(message: ChannelMessage): Button[] {
  const blocks = (message.blocks ?? []) as { type: string; elements?: Button[] }[];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

/** Is this message an approval card (at any point of its life)? */
export function isApprovalCard(message: ChannelMessage): boolean {
  return message.history.some((version) => JSON.stringify(version.blocks ?? []).includes(APPROVE));
}

/** The approval cards in a channel, oldest first. */
export function approvalCards(world: World, channel: string): ChannelMessage[] {
  return world.slack.channelMessages(channel).filter(isApprovalCard);
}

/** Waits for the n-th approval card (1-based) in the channel and returns it as it is now. */
export async function waitForCard(world: World, channel: string, n = 1, timeoutMs = 10_000): Promise<ChannelMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const card = approvalCards(world, channel)[n - 1];
    if (card) return card;
    if (Date.now() > deadline) throw new Error(`no approval card #${n} in ${channel} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The card as it is now (it changes in place). */
export function currentCard(world: World, channel: string, ts: string): ChannelMessage {
  const card = world.slack.channelMessages(channel).find((m) => m.ts === ts);
  if (!card) throw new Error(`no message ${ts} in ${channel}`);
  return card;
}

export function buttonLabels(message: ChannelMessage): string[] {
  return buttonsOf(message).map((b) => b.text?.text ?? '');
}

export function buttonValue(message: ChannelMessage, actionId: string): string {
  const button = buttonsOf(message).find((b) => b.action_id === actionId);
  if (button?.value === undefined) throw new Error(`no ${actionId} button on message ${message.ts}`);
  return button.value;
}

/** A user clicks a button of the card, as Slack sends it (block_actions, signed). */
export async function clickButton(
  world: World,
  app: CapturebotProcess,
  card: ChannelMessage,
  user: string,
  actionId: string,
  value = buttonValue(card, actionId),
): Promise<InteractionResult> {
  return world.slack.sendInteraction(eventsUrl(app), {
    type: 'block_actions',
    user: { id: user },
    channel: { id: card.channel },
    message: { ts: card.ts, type: 'message' },
    actions: [{ type: 'button', action_id: actionId, block_id: 'capture_approval', value }],
  });
}

/** The ephemeral answer the app gave through the click's response_url. */
export async function ephemeralAnswer(world: World, click: InteractionResult, timeoutMs = 5_000): Promise<string> {
  if (!click.responseUrl) throw new Error('the click had no response_url');
  const [post] = await world.slack.waitForResponses(click.responseUrl, { timeoutMs });
  return String(post!.body.text);
}

/** Submits the Deny modal the app opened for `user`, with an optional reason. */
export async function submitDeny(world: World, app: CapturebotProcess, user: string, reason?: string): Promise<InteractionResult> {
  const view = world.slack.views().filter((v) => v.user === user && v.view.callback_id === DENY_VIEW).at(-1);
  if (!view) throw new Error(`no Deny modal open for ${user}`);
  return world.slack.sendInteraction(eventsUrl(app), {
    type: 'view_submission',
    user: { id: user },
    view: { id: view.id, state: { values: { reason: { reason_input: { type: 'plain_text_input', value: reason ?? null } } } } },
  });
}

/** Rewrites the policy file the way an editor or a ConfigMap update does: a new file renamed over the old. */
export async function replacePolicy(file: string, text: string): Promise<void> {
  await writeFile(`${file}.new`, text);
  await rename(`${file}.new`, file);
}

/** Every capture job in the world's queue, whatever its state. */
export async function captureJobs(prefix: string): Promise<{ id: string; data: Record<string, unknown> }[]> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('captures', { connection, prefix });
  try {
    const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized']);
    return jobs.map((job) => ({ id: String(job.id), data: job.data as Record<string, unknown> }));
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** The audit lines the process wrote, for one capture. */
export function auditLines(app: CapturebotProcess, captureId?: string): LogLine[] {
  return app.logs.filter((l) => typeof l.audit === 'string' && (captureId === undefined || l.captureId === captureId));
}

/** The capture id an approval card is about (its button value starts with it). */
export function cardCaptureId(card: ChannelMessage): string {
  const id = /capture ([0-9A-HJKMNP-TV-Z]{26})/.exec(card.history[0]!.text + JSON.stringify(card.history[0]!.blocks ?? []))?.[1];
  if (!id) throw new Error(`no capture id on card ${card.ts}`);
  return id;
}
