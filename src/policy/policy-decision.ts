import type { Driver } from '../capture/driver.js';

/** What the policy needs to know about one `/capture` request. */
export interface PolicyRequest {
  readonly namespace: string;
  /** The cluster it would run in; unset: default. */
  readonly cluster?: string;
  /** The channel id the command was typed in. */
  readonly channel: string;
  /** The requester's Slack user id. */
  readonly requester: string;
  readonly durationSeconds: number;
  readonly snaplen: number;
  readonly driver: Driver;
}

/**
 * The members (user ids) of a Slack user group, or undefined when they could
 * not be fetched. Undefined never widens access: it refuses.
 */
export type GroupMembership = (groupId: string) => readonly string[] | undefined;

/** `rule` names the rule that decided, as shown to users. */
export type PolicyDecision =
  | {
      readonly kind: 'refused';
      readonly rule: string;
      readonly reason: string;
      /** The request brought within the rule's limits, when only a limit (duration, snaplen, driver) was over. */
      readonly within?: Pick<PolicyRequest, 'durationSeconds' | 'snaplen' | 'driver'>;
    }
  | { readonly kind: 'allowed'; readonly rule: string; readonly approval: 'none' }
  | {
      readonly kind: 'needs-approval';
      readonly rule: string;
      /** User (U…, W…) and group (S…) ids as written in the policy; empty means anyone but the requester. */
      readonly approvers: readonly string[];
    };
