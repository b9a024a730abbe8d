import { describe, expect, it } from 'vitest';
import { canDecide } from './approver-check.js';
import type { GroupMembership } from './policy-decision.js';

const groups: Record<string, readonly string[]> = {
  S0ONCALL: ['U0ONCALL1', 'U0REQ'],
  S0SRE: ['U0SRE1'],
};
// S0GONE did not resolve.
const membership: GroupMembership = (group) => groups[group];

describe('canDecide', () => {
  const cases: { name: string; approvers: string[]; clicker: string; expected: ReturnType<typeof canDecide> }[] = [
    { name: 'the requester cannot approve their own capture', approvers: [], clicker: 'U0REQ', expected: { ok: false, reason: "you can't approve this: you requested it" } },
    { name: 'not even when listed as an approver', approvers: ['U0REQ', 'U0OTHER'], clicker: 'U0REQ', expected: { ok: false, reason: "you can't approve this: you requested it" } },
    { name: 'not even as a member of the approver group', approvers: ['S0ONCALL'], clicker: 'U0REQ', expected: { ok: false, reason: "you can't approve this: you requested it" } },
    { name: 'with no approvers listed anyone else may decide', approvers: [], clicker: 'U0ANYONE', expected: { ok: true } },
    { name: 'a listed user may decide', approvers: ['S0ONCALL', 'U0123'], clicker: 'U0123', expected: { ok: true } },
    { name: 'a member of a listed group may decide', approvers: ['S0ONCALL', 'U0123'], clicker: 'U0ONCALL1', expected: { ok: true } },
    {
      name: 'anyone else is told who may',
      approvers: ['S0ONCALL', 'U0123'],
      clicker: 'U0STRANGER',
      expected: { ok: false, reason: "you can't approve this: only members of <!subteam^S0ONCALL> or <@U0123> may approve" },
    },
    {
      name: 'a longer list reads as a list',
      approvers: ['U0A', 'U0B', 'S0SRE'],
      clicker: 'U0STRANGER',
      expected: { ok: false, reason: "you can't approve this: only <@U0A>, <@U0B> or members of <!subteam^S0SRE> may approve" },
    },
    {
      name: 'a group that did not resolve does not let anyone through',
      approvers: ['S0GONE'],
      clicker: 'U0STRANGER',
      expected: { ok: false, reason: "you can't approve this: couldn't check with Slack whether you are in <!subteam^S0GONE>; try again in a minute" },
    },
    { name: 'a user listed directly does not need the unresolved group', approvers: ['S0GONE', 'U0123'], clicker: 'U0123', expected: { ok: true } },
    { name: 'a member of a resolved group does not need the unresolved one', approvers: ['S0GONE', 'S0SRE'], clicker: 'U0SRE1', expected: { ok: true } },
  ];

  it.each(cases)('$name', ({ approvers, clicker, expected }) => {
    expect(canDecide(approvers, 'U0REQ', clicker, membership)).toEqual(expected);
  });

  it('does not look groups up for the requester or when no approvers are listed', () => {
    const asked: string[] = [];
    const spy: GroupMembership = (group) => {
      asked.push(group);
      return membership(group);
    };
    canDecide(['S0ONCALL'], 'U0REQ', 'U0REQ', spy);
    canDecide([], 'U0REQ', 'U0X', spy);
    expect(asked).toEqual([]);
  });
});
