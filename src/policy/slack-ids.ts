/** A Slack user id: `U…`, or `W…` for Enterprise Grid users. */
export const USER_ID = /^[UW][A-Z0-9]{2,}$/;
/** A Slack user-group id (`S…`), the thing `usergroups.users.list` takes. */
export const GROUP_ID = /^S[A-Z0-9]{2,}$/;
/** A Slack channel id: `C…` public, `G…` private (older workspaces). */
export const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;

export function isGroupId(id: string): boolean {
  return GROUP_ID.test(id);
}

/**
 * Slack's mention syntax, which Slack renders as the person's, group's or
 * channel's current name; the policy itself knows only ids.
 */
export function mention(id: string): string {
  if (GROUP_ID.test(id)) return `<!subteam^${id}>`;
  if (CHANNEL_ID.test(id)) return `<#${id}>`;
  if (USER_ID.test(id)) return `<@${id}>`;
  // A requester that is no person: `alertmanager/<rule>`.
  return `\`${id.replace(/[`<>&]/g, '')}\``;
}

/** `[S1, U2, U3]` → `members of <!subteam^S1>, <@U2> or <@U3>`. */
export function describeWho(ids: readonly string[]): string {
  return joinOr(ids.map((id) => (isGroupId(id) ? `members of ${mention(id)}` : mention(id))));
}

/** `[a, b, c]` → `a, b or c`. */
export function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
