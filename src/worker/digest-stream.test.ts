import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { createDigestStream } from './digest-stream.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function pass(chunks: Buffer[]) {
  const digest = createDigestStream();
  const [out] = await Promise.all([buffer(digest.stream), pipeline(Readable.from(chunks), digest.stream)]);
  return { out, ...digest.result() };
}

describe('createDigestStream', () => {
  it('passes the bytes through unchanged and reports their size and sha256', async () => {
    const data = Buffer.from('capture-ticket-balancer.scap.gz\n');
    const { out, sizeBytes, sha256: hex } = await pass([data]);
    expect(out.equals(data)).toBe(true);
    expect(sizeBytes).toBe(data.length);
    expect(hex).toBe(sha256(data));
  });

  it('hashes many chunks as one stream', async () => {
    const data = randomBytes(300_001);
    const bounds = [0, 1, 7, 65_536, 200_000, 300_001];
    const chunks = bounds.slice(1).map((end, i) => data.subarray(bounds[i], end));
    const { out, sizeBytes, sha256: hex } = await pass(chunks);
    expect(out.equals(data)).toBe(true);
    expect(sizeBytes).toBe(300_001);
    expect(hex).toBe(sha256(data));
  });

  it('reports zero bytes and the empty hash for an empty stream', async () => {
    const { out, sizeBytes, sha256: hex } = await pass([]);
    expect(out.length).toBe(0);
    expect(sizeBytes).toBe(0);
    expect(hex).toBe(sha256(Buffer.alloc(0)));
  });

  it('refuses to report before the stream has ended', () => {
    const digest = createDigestStream();
    digest.stream.write(Buffer.from('partial'));
    expect(() => digest.result()).toThrow(/once the stream has ended/);
  });
});
