import type { CaptureLimits } from '../capture/capture-spec.js';
import { groupIdsToResolve } from '../policy/index.js';
import type { AccessDeps } from '../requests/access-deps.js';
import { policyAnswerText } from './policy-answer.js';
import type { CommandContext } from './command-context.js';

/** `/capture policy [-n NS]`: the rule for this channel and user, with the rule's groups looked up as a request would. */
export async function showPolicy(namespace: string, context: CommandContext, deps: { readonly access: AccessDeps; readonly limits: CaptureLimits }): Promise<void> {
  const policy = deps.access.policy.current();
  const ids = groupIdsToResolve(policy, { namespace });
  const membership = ids.length === 0 ? () => undefined : await deps.access.groups.membership(ids);
  const question = { namespace, channel: context.channelId, requester: context.userId };
  const text = policyAnswerText(policy, question, deps.limits, membership, (groupId) => deps.access.groups.unknownToSlack?.(groupId));
  await context.answer({ response_type: 'ephemeral', text });
}
