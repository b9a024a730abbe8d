import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../capture/audit-event.js';
import { createLogger } from '../log.js';
import { AuditChain, lineHash } from './audit-chain.js';
import { combinedAuditTrail } from './combined-audit-trail.js';
import { PinoAuditTrail } from './pino-audit-trail.js';

function capturedLines(): { stream: PassThrough; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const approved: AuditEvent = {
  event: 'approved',
  captureId: '01JDQ3V8X6M2T9R4K7C5N1B0FZ',
  who: 'U0APPROVER',
  requester: 'U0REQUEST',
  channel: 'C0INCIDENT',
  target: { pod: 'ticket-balancer-5967c66fb4-qnzj6', namespace: 'payments', durationSeconds: 30, snaplen: 80, driver: 'modern-bpf' },
  rule: 'rule "payments"',
};

describe('PinoAuditTrail', () => {
  it('writes one JSON line naming the event, the capture, who, what, where and the rule', () => {
    const { stream, lines } = capturedLines();
    new PinoAuditTrail(createLogger('info', stream)).record(approved);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({
      audit: 'approved',
      msg: 'audit: approved',
      captureId: approved.captureId,
      who: 'U0APPROVER',
      requester: 'U0REQUEST',
      channel: 'C0INCIDENT',
      target: { pod: 'ticket-balancer-5967c66fb4-qnzj6', namespace: 'payments', durationSeconds: 30 },
      rule: 'rule "payments"',
    });
  });

  it('puts the details of a link beside the event: its object key and expiry', () => {
    const { stream, lines } = capturedLines();
    const key = 'payments/pod/capture.scap.gz';
    new PinoAuditTrail(createLogger('info', stream)).record({
      ...approved,
      event: 'link-issued',
      who: 'U0REQUEST',
      detail: { key, linkExpiresAt: '2026-11-29T17:50:00.000Z' },
    });
    expect(lines()[0]).toMatchObject({ audit: 'link-issued', key, linkExpiresAt: '2026-11-29T17:50:00.000Z' });
  });

  it('chains the lines of one process across its trails: proc, seq from 1, prev the sha256 of the line before as written', () => {
    const stream = new PassThrough();
    const raw: string[] = [];
    stream.on('data', (chunk: Buffer) => raw.push(...chunk.toString('utf8').split('\n').filter((line) => line !== '')));
    const log = createLogger('info', stream);
    const chain = new AuditChain('01PROCESS');
    new PinoAuditTrail(log, chain).record(approved);
    log.info('not an audit line');
    new PinoAuditTrail(log.child({ role: 'worker' }), chain).record({ ...approved, event: 'started' });
    const lines = raw.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line.audit, line.proc, line.seq])).toEqual([
      ['approved', '01PROCESS', 1],
      [undefined, undefined, undefined],
      ['started', '01PROCESS', 2],
    ]);
    expect(lines[0]!.prev).toBe('0'.repeat(64));
    expect(lines[2]!.prev).toBe(lineHash(raw[0]!));
    expect(lines[2]!.role).toBe('worker');
  });

  it('still writes audit lines when the log level hides info', () => {
    const { stream, lines } = capturedLines();
    new PinoAuditTrail(createLogger('warn', stream)).record(approved);
    expect(lines()).toHaveLength(1);
  });
});

describe('combinedAuditTrail', () => {
  it('records each event in every trail', () => {
    const seen: string[][] = [[], []];
    const trail = combinedAuditTrail(seen.map((list) => ({ record: (event: AuditEvent) => void list.push(event.event) })));
    trail.record(approved);
    trail.record({ ...approved, event: 'started' });
    expect(seen).toEqual([
      ['approved', 'started'],
      ['approved', 'started'],
    ]);
  });
});
