import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../capture/audit-event.js';
import { createLogger } from '../log.js';
import { AuditChain } from './audit-chain.js';
import { PinoAuditTrail } from './pino-audit-trail.js';
import { describeProblem, verifyAuditChains, type LogLine } from './verify-chain.js';

const event: AuditEvent = {
  event: 'requested',
  captureId: '01JDQ3V8X6M2T9R4K7C5N1B0FZ',
  who: 'U0REQUEST',
  requester: 'U0REQUEST',
  channel: 'C0INCIDENT',
  target: { pod: 'ticket-balancer-5967c66fb4-qnzj6', namespace: 'payments', durationSeconds: 30, snaplen: 80, driver: 'modern-bpf' },
};

/** A log as capturebot writes it: `audits` chained audit lines of one process, each after an ordinary log line. */
function writtenLog(audits: number, proc = 'PROC1'): string[] {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const log = createLogger('info', stream);
  const trail = new PinoAuditTrail(log, new AuditChain(proc));
  for (let i = 0; i < audits; i += 1) {
    log.info({ captureId: event.captureId }, 'capture starting');
    trail.record({ ...event, detail: { reason: `step ${i + 1}` } });
  }
  return chunks.join('').split('\n').filter((line) => line !== '');
}

const asLines = (texts: readonly string[], source = 'capturebot.log'): LogLine[] => texts.map((text, index) => ({ source, line: index + 1, text }));
const problemsOf = (texts: readonly string[]) => verifyAuditChains(asLines(texts)).problems.map(describeProblem);

describe('verifyAuditChains', () => {
  it('passes a log as written, ordinary lines and text between the audit lines', () => {
    const lines = writtenLog(4);
    const report = verifyAuditChains(asLines(['not json at all', ...lines]));
    expect(report.problems).toEqual([]);
    expect(report.chains).toEqual([{ proc: 'PROC1', lines: 4, lastSeq: 4 }]);
  });

  it('numbers the lines from 1, each with the sha256 of the one before', () => {
    const audits = writtenLog(2).map((text) => JSON.parse(text) as Record<string, unknown>).filter((line) => 'audit' in line);
    expect(audits.map((line) => [line.proc, line.seq])).toEqual([
      ['PROC1', 1],
      ['PROC1', 2],
    ]);
    expect(audits[0]!.prev).toBe('0'.repeat(64));
    expect(audits[1]!.prev).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names an edited line by its line number', () => {
    const lines = writtenLog(3);
    // Line 4 is the second audit line: its reason is changed.
    lines[3] = lines[3]!.replace('"step 2"', '"step two"');
    expect(problemsOf(lines)).toEqual([
      'capturebot.log:4: proc PROC1: edited: seq 2 no longer hashes to the prev that seq 3 at capturebot.log:6 carries',
    ]);
  });

  it('names a deleted line as a gap, between the lines around it', () => {
    const lines = writtenLog(3);
    lines.splice(3, 1);
    expect(problemsOf(lines)).toEqual([
      'capturebot.log:5: proc PROC1: gap: audit line seq 2 is missing between capturebot.log:2 and capturebot.log:5 (deleted, or in a file not given)',
    ]);
  });

  it('names deleted first lines as a gap before the first one left', () => {
    const lines = writtenLog(3).slice(4);
    expect(problemsOf(lines)).toEqual(['capturebot.log:2: proc PROC1: gap: audit lines seq 1 to 2 are missing before capturebot.log:2 (deleted, or in a file not given)']);
  });

  it('names two swapped lines as a reordering', () => {
    const lines = writtenLog(3);
    [lines[1], lines[3]] = [lines[3]!, lines[1]!];
    expect(problemsOf(lines)).toEqual(['capturebot.log:4: proc PROC1: reordered: seq 1 comes after seq 2']);
  });

  it('names a copied line as a repeat, and a hand-written audit line as unchained', () => {
    const lines = writtenLog(2);
    const forged = JSON.stringify({ level: 30, audit: 'approved', captureId: event.captureId, msg: 'audit: approved' });
    expect(problemsOf([...lines, lines[1]!, forged])).toEqual([
      'capturebot.log:5: proc PROC1: repeated: seq 1 already appeared at capturebot.log:2',
      'capturebot.log:6: an audit line without proc, seq and prev: added by hand, or written by a capturebot without chained audit lines',
    ]);
  });

  it('keeps the chains of several processes apart in one merged log', () => {
    const a = writtenLog(3, 'PROCA');
    const b = writtenLog(3, 'PROCB');
    const merged = a.flatMap((line, index) => [line, b[index]!]);
    const report = verifyAuditChains(asLines(merged));
    expect(report.problems).toEqual([]);
    expect(report.chains.map((chain) => [chain.proc, chain.lastSeq])).toEqual([
      ['PROCA', 3],
      ['PROCB', 3],
    ]);
    merged.splice(merged.indexOf(b[3]!), 1);
    expect(problemsOf(merged)).toEqual([expect.stringMatching(/^capturebot\.log:\d+: proc PROCB: gap: audit line seq 2 is missing/)]);
  });
});
