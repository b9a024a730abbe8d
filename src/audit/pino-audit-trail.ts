import { pino, type DestinationStream, type Logger } from 'pino';
import type { AuditEvent, AuditTrail } from '../capture/audit-event.js';
import { LOG_REDACT } from '../log.js';
import { PROCESS_AUDIT_CHAIN, type AuditChain } from './audit-chain.js';

/**
 * Each event as one JSON log line: `audit` holds the event name, next to
 * captureId, who, requester, channel, target, rule and the event's details,
 * and the chain fields `proc`, `seq` and `prev` (the sha256 of the previous
 * audit line of this process, exactly as written: `npm run verify-audit`).
 * Written at info whatever LOG_LEVEL says: turning down chatter must not turn
 * off the trail.
 */
export class PinoAuditTrail implements AuditTrail {
  readonly #log: Logger;
  readonly #chain: AuditChain;

  constructor(log: Logger, chain: AuditChain = PROCESS_AUDIT_CHAIN) {
    this.#chain = chain;
    // Its own writer in front of the log's output, to hash each line exactly as pino serialised it (pino writes synchronously).
    const output = (log as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym];
    if (output === undefined) throw new Error('PinoAuditTrail needs a pino logger');
    const hashing: DestinationStream = {
      write: (line: string) => {
        chain.wrote(line);
        output.write(line);
      },
    };
    this.#log = pino({ level: 'info', base: log.bindings(), redact: LOG_REDACT }, hashing);
  }

  record(event: AuditEvent): void {
    const { event: name, detail, ...facts } = event;
    this.#log.info({ audit: name, ...facts, ...detail, ...this.#chain.next() }, `audit: ${name}`);
  }
}
