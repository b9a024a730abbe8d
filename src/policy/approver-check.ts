import { findUser } from './membership.js';
import type { GroupMembership } from './policy-decision.js';
import { describeWho, joinOr, mention } from './slack-ids.js';

export type ApproverCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * May `clicker` approve or reject a pending capture? Never the requester;
 * otherwise anyone when `pendingApprovers` is empty (the four-eyes default),
 * else someone listed directly or in a listed group. A group whose members
 * could not be fetched does not count. The caller fetches the groups among
 * `pendingApprovers` (`isGroupId`) before calling.
 */
export function canDecide(
  pendingApprovers: readonly string[],
  requester: string,
  clicker: string,
  membership: GroupMembership,
): ApproverCheck {
  const refused = (why: string): ApproverCheck => ({ ok: false, reason: `you can't approve this: ${why}` });
  if (clicker === requester) return refused('you requested it');
  if (pendingApprovers.length === 0) return { ok: true };
  const found = findUser(pendingApprovers, clicker, membership);
  switch (found.kind) {
    case 'listed':
      return { ok: true };
    case 'unknown':
      return refused(
        `couldn't check with Slack whether you are in ${joinOr(found.groups.map(mention))}; try again in a minute`,
      );
    case 'not-listed':
      return refused(`only ${describeWho(pendingApprovers)} may approve`);
  }
}
