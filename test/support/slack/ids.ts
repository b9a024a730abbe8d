import { randomBytes } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A Slack-style object id: a type letter followed by upper-case alphanumerics (`V0A1B2C3D4`). */
export function slackId(prefix: string, length = 10): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

/** Shaped like Slack's trigger ids: `13345224609.738474920.8088930838d88f008e0`. */
export function triggerIdValue(): string {
  const digits = (n: number): string => String(randomBytes(4).readUInt32BE() % 10 ** n).padStart(n, '0');
  return `${digits(10)}.${digits(9)}.${randomBytes(10).toString('hex')}`;
}

/**
 * Message timestamps: `seconds.micro`, unique and strictly increasing even when many
 * messages land in the same second, as Slack's are within a channel.
 */
export class TsClock {
  private lastSeconds = 0;
  private sequence = 0;

  next(nowMs = Date.now()): string {
    const seconds = Math.max(Math.floor(nowMs / 1000), this.lastSeconds);
    if (seconds === this.lastSeconds) {
      this.sequence += 1;
    } else {
      this.lastSeconds = seconds;
      this.sequence = 100;
    }
    if (this.sequence > 999_999) {
      this.lastSeconds += 1;
      this.sequence = 100;
    }
    return `${this.lastSeconds}.${String(this.sequence).padStart(6, '0')}`;
  }
}
