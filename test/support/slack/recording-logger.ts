import type { Logger } from '@slack/bolt';
import { LogLevel } from '@slack/bolt';

/** A silent Bolt/WebClient logger that keeps what was logged at warn and error, for tests to read. */
export class RecordingLogger implements Logger {
  readonly warnings: string[] = [];
  readonly errors: string[] = [];
  private level: LogLevel = LogLevel.DEBUG;

  debug(): void {}
  info(): void {}
  warn(...msg: unknown[]): void {
    this.warnings.push(msg.map(String).join(' '));
  }
  error(...msg: unknown[]): void {
    this.errors.push(msg.map(String).join(' '));
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(): void {}
}
