import { triggerIdValue } from './ids.js';
import { SlackApiError } from './slack-api-error.js';

interface Issued {
  readonly user: string;
  readonly issuedAt: number;
  used: boolean;
}

/** Trigger ids handed out with commands and interactions; like Slack's, each opens one view within a few seconds. */
export class TriggerRegistry {
  private readonly issued = new Map<string, Issued>();

  constructor(private readonly ttlMs: number) {}

  issue(user: string): string {
    const id = triggerIdValue();
    this.issued.set(id, { user, issuedAt: Date.now(), used: false });
    return id;
  }

  /** Accepts a trigger id the test built itself too, as long as the stand-in issued it. */
  register(id: string, user: string): void {
    if (!this.issued.has(id)) this.issued.set(id, { user, issuedAt: Date.now(), used: false });
  }

  /** The user the trigger belongs to; throws as views.open does for an unknown, used or stale one. */
  consume(id: string): string {
    const issued = this.issued.get(id);
    if (!issued) throw new SlackApiError('invalid_trigger_id');
    if (issued.used || Date.now() - issued.issuedAt > this.ttlMs) throw new SlackApiError('expired_trigger_id');
    issued.used = true;
    return issued.user;
  }
}
