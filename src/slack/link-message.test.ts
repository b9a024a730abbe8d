import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../test/support/golden.js';
import { linkMessage } from './link-message.js';

const artifact = {
  url: 'https://traces.s3.eu-west-1.amazonaws.com/ticket-generator/x.scap.gz?X-Amz-Signature=abc',
  expiresAt: new Date('2026-11-28T17:50:30Z'),
  key: 'ticket-generator/ticket-balancer-5967c66fb4-qnzj6/capture-ticket-balancer-5967c66fb4-qnzj6-20261127T175000Z-01JDQ3V8X6M2T9R4K7C5N1B0FZ.scap.gz',
  fileName: 'capture-ticket-balancer-5967c66fb4-qnzj6-20261127T175000Z-01JDQ3V8X6M2T9R4K7C5N1B0FZ.scap.gz',
  sizeBytes: 1_572_864,
  sha256: '115ebaf7404b26a5e5fb18461dd9f7ce41dd33605e1ace100cad582feb60c1d4',
  node: 'node-a',
  durationSeconds: 90,
  snaplen: 256,
};

describe('linkMessage', () => {
  const { text } = linkMessage(artifact);

  it('links the file by name and says when the link expires', () => {
    expect(text).toContain(`<${artifact.url}|${artifact.fileName}>`);
    expect(text).toContain('expires 2026-11-28 17:50 UTC');
  });

  it('gives size, sha256, node, duration and snaplen', () => {
    expect(text).toContain('1.5 MiB (1572864 bytes)');
    expect(text).toContain(artifact.sha256);
    expect(text).toContain('node `node-a`');
    expect(text).toContain('duration 1m30s');
    expect(text).toContain('snaplen 256');
  });

  it('says how to open it', () => {
    expect(text).toMatch(/Sysdig Inspect/);
    expect(text).toMatch(/Stratoshark/);
    expect(text).toContain(`sysdig -r ${artifact.fileName}`);
  });

  it('matches its golden file', () => {
    expectGolden(linkMessage(artifact), new URL('./testdata/link-message.golden.json', import.meta.url));
  });
});
