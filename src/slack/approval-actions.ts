/** The approval card's buttons and the Deny modal, as Slack sends them back. */
export const APPROVE_ACTION = 'capture_approve';
export const DENY_ACTION = 'capture_deny';
export const APPROVAL_BLOCK = 'capture_approval';
export const DENY_VIEW = 'capture_deny_reason';
export const REASON_BLOCK = 'reason';
export const REASON_INPUT = 'reason_input';

/** Slack refuses button values longer than this. */
const MAX_BUTTON_VALUE = 2000;

/**
 * A button's value: the capture id, then the canonical command text it
 * approves (left out only when it would not fit in a button).
 */
export function approvalButtonValue(captureId: string, command: string): string {
  const value = `${captureId} ${command}`;
  return value.length <= MAX_BUTTON_VALUE ? value : captureId;
}
