import type { World } from '../test/support/capturebot-harness.js';
import type { ChannelMessage } from '../test/support/slack/channel-state.js';

export interface ApproveButton {
  readonly blockId: string | undefined;
  readonly actionId: string;
  readonly value: string | undefined;
}

interface BlockElement {
  readonly type?: string;
  readonly action_id?: string;
  readonly value?: string;
  readonly text?: { readonly text?: string };
}

interface Block {
  readonly type?: string;
  readonly block_id?: string;
  readonly elements?: readonly BlockElement[];
}

/** The Approve button of a message as it reads now (an approval card still pending), if it has one. */
export function approveButton(message: ChannelMessage): ApproveButton | undefined {
  const blocks = (message.history.at(-1)?.blocks ?? []) as readonly Block[];
  for (const block of blocks) {
    if (block.type !== 'actions') continue;
    const button = block.elements?.find((e) => e.type === 'button' && e.text?.text === 'Approve' && e.action_id);
    if (button?.action_id) return { blockId: block.block_id, actionId: button.action_id, value: button.value };
  }
  return undefined;
}

/** Clicks Approve as `user`, the way Slack sends a block action to the app. */
export async function clickApprove(
  world: World,
  appUrl: string,
  click: { readonly message: ChannelMessage; readonly button: ApproveButton; readonly channel: string; readonly user: string },
): Promise<void> {
  const { message, button } = click;
  const current = message.history.at(-1)!;
  const result = await world.slack.sendInteraction(appUrl, {
    type: 'block_actions',
    user: { id: click.user },
    channel: { id: click.channel },
    message: { type: 'message', ts: message.ts, text: current.text, blocks: current.blocks ?? [] },
    actions: [
      {
        type: 'button',
        action_id: button.actionId,
        ...(button.blockId && { block_id: button.blockId }),
        ...(button.value !== undefined && { value: button.value }),
        text: { type: 'plain_text', text: 'Approve' },
      },
    ],
  });
  if (result.status !== 200) throw new Error(`Approve was answered HTTP ${result.status}`);
}
