import type { GroupMembership } from './policy-decision.js';
import { isGroupId } from './slack-ids.js';

export type MembershipAnswer =
  | { readonly kind: 'listed' }
  | { readonly kind: 'not-listed' }
  /** Not listed directly nor in any group that resolved; these groups did not resolve. */
  | { readonly kind: 'unknown'; readonly groups: readonly string[] };

/** Is `user` one of `ids`, directly or as a member of a listed group? */
export function findUser(ids: readonly string[], user: string, membership: GroupMembership): MembershipAnswer {
  if (ids.includes(user)) return { kind: 'listed' };
  const unresolved: string[] = [];
  for (const group of ids.filter(isGroupId)) {
    const members = membership(group);
    if (members === undefined) unresolved.push(group);
    else if (members.includes(user)) return { kind: 'listed' };
  }
  return unresolved.length > 0 ? { kind: 'unknown', groups: unresolved } : { kind: 'not-listed' };
}

/** Every user the ids stand for, or undefined when a group did not resolve. */
export function expandUsers(ids: readonly string[], membership: GroupMembership): ReadonlySet<string> | undefined {
  const users = new Set<string>();
  for (const id of ids) {
    if (!isGroupId(id)) {
      users.add(id);
      continue;
    }
    const members = membership(id);
    if (members === undefined) return undefined;
    for (const member of members) users.add(member);
  }
  return users;
}
