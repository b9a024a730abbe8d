import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log.js';
import { Secret } from './secret.js';

/** Collects what the logger writes; a terminal when isTTY is set. */
function output(isTTY = false): Writable & { readonly text: () => string; readonly isTTY: boolean } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return Object.assign(stream, { isTTY, text: () => chunks.join('') });
}

const PRESIGNED = 'https://bucket.s3.amazonaws.com/capture.scap.gz?X-Amz-Signature=deadbeef';

function logEverySecretShape(log: ReturnType<typeof createLogger>): void {
  log.info({ token: 'xoxb-plain-token', url: PRESIGNED, request: { url: PRESIGNED, token: 'xapp-nested' } }, 'link issued');
  log.info({ botToken: new Secret('xoxb-typed-secret') }, 'settings read');
  log.info({ headers: { authorization: 'Bearer kube-token' } }, 'api call');
}

describe('the logger', () => {
  it('writes one JSON line per event when the output is not a terminal', () => {
    const out = output();
    const log = createLogger('info', out);
    log.info({ captureId: '01J9Z8X7W6V5T4S3R2Q1P0NMKH' }, 'capture queued');
    log.warn('status message update failed');
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, msg: 'capture queued', captureId: '01J9Z8X7W6V5T4S3R2Q1P0NMKH', app: 'capturebot' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 40, msg: 'status message update failed' });
  });

  it.each([
    ['warn', ['warn', 'error']],
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['silent', []],
  ])('at level %s writes only %j', (level, expected) => {
    const out = output();
    const log = createLogger(level, out);
    log.trace('trace');
    log.debug('debug');
    log.info('info');
    log.warn('warn');
    log.error('error');
    const written = out.text() === '' ? [] : out.text().trimEnd().split('\n').map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(written).toEqual(expected);
  });

  it('is human-readable at a terminal: level name, message and fields, not JSON', () => {
    const out = output(true);
    createLogger('info', out).info({ captureId: '01J9Z8X7W6V5T4S3R2Q1P0NMKH' }, 'capture queued');
    const text = stripVTControlCharacters(out.text());
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toContain('INFO');
    expect(text).toContain('capture queued');
    expect(text).toContain('captureId: "01J9Z8X7W6V5T4S3R2Q1P0NMKH"');
  });

  it('respects the level at a terminal too', () => {
    const out = output(true);
    const log = createLogger('warn', out);
    log.info('hidden');
    log.warn('shown');
    expect(out.text()).not.toContain('hidden');
    expect(out.text()).toContain('shown');
  });

  it.each([
    ['JSON', false],
    ['pretty', true],
  ])('never shows a token, a presigned link or a secret in %s output', (_mode, isTTY) => {
    const out = output(isTTY);
    logEverySecretShape(createLogger('info', out));
    const text = out.text();
    for (const secret of ['xoxb-plain-token', 'xapp-nested', 'X-Amz-Signature', 'xoxb-typed-secret', 'kube-token']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(text).toContain('link issued');
  });
});
