import { createHash } from 'node:crypto';
import { ulid } from 'ulid';

/** The `prev` of a chain's first line, which follows no line. */
export const CHAIN_START = '0'.repeat(64);

/** sha256 hex of one line exactly as written, without its line break. */
export function lineHash(line: string): string {
  return createHash('sha256').update(line.replace(/\r?\n$/, ''), 'utf8').digest('hex');
}

/** The fields that link one audit line to the one before it in the same process. */
export interface ChainLink {
  readonly proc: string;
  readonly seq: number;
  readonly prev: string;
}

/**
 * The audit lines of one process: numbered from 1, each carrying the hash of
 * the line before. `proc` tells the chains of several processes and replicas
 * apart in a merged log (a ULID: it sorts by start time).
 */
export class AuditChain {
  readonly proc: string;
  #seq = 0;
  #prev = CHAIN_START;

  constructor(proc: string = ulid()) {
    this.proc = proc;
  }

  /** The link for the next line; call `wrote` with that line once it is written. */
  next(): ChainLink {
    return { proc: this.proc, seq: this.#seq + 1, prev: this.#prev };
  }

  wrote(line: string): void {
    this.#seq += 1;
    this.#prev = lineHash(line);
  }
}

/** The one chain of this process: every audit trail in it (bot and worker in `all`) writes to it. */
export const PROCESS_AUDIT_CHAIN = new AuditChain();
