import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../test/support/golden.js';
import { sampleJob } from '../kube/testdata/sample-job.js';
import type { FreshLinks } from '../worker/fresh-links.js';
import { freshLinkMessage } from './fresh-link-message.js';

const job = sampleJob();
const artifact = (node: string) => ({
  url: `https://traces.s3.eu-west-1.amazonaws.com/${node}.scap.gz?X-Amz-Signature=abc`,
  expiresAt: new Date('2026-11-28T17:50:30Z'),
  key: `ticket-generator/p/capture-${node}.scap.gz`,
  fileName: `capture-${node}.scap.gz`,
  sizeBytes: 10_240,
  sha256: 'cd'.repeat(32),
  node,
  durationSeconds: 30,
  snaplen: 256,
});

describe('freshLinkMessage', () => {
  const links: FreshLinks = { kind: 'links', job, artifacts: [artifact('node-a'), artifact('node-b')] };

  it('links every trace, saying only the clicker sees it', () => {
    const { text } = freshLinkMessage(links);
    expect(text).toContain(`:link: Fresh links to capture \`${job.captureId}\` (pod \`${job.pod}\` in namespace \`${job.namespace}\`, requested 2019-02-14 11:05 UTC); only you see this.`);
    expect(text).toContain('<https://traces.s3.eu-west-1.amazonaws.com/node-a.scap.gz?X-Amz-Signature=abc|capture-node-a.scap.gz>');
    expect(text).toContain('node `node-b`');
  });

  it('says why there is no link', () => {
    expect(freshLinkMessage({ kind: 'none', captureId: job.captureId, reason: 'its traces are no longer kept' }).text).toBe(
      `:warning: No fresh link for capture \`${job.captureId}\`: its traces are no longer kept.`,
    );
  });

  it('matches its golden file', () => {
    expectGolden(freshLinkMessage(links), new URL('./testdata/fresh-link-message.golden.json', import.meta.url));
  });
});
