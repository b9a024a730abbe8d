import type { CommandFix } from './command-fix.js';

/** A value read from the command text, or one sentence on why it cannot be used. */
export type ValueReading<T> =
  | { readonly value: T }
  /** fix: how to write the offending words so the command works, when there is one way. */
  | { readonly problem: string; readonly fix?: CommandFix };
