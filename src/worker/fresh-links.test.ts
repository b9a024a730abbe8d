import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { sampleJob } from '../kube/testdata/sample-job.js';
import type { RelinkRequest } from '../capture/relink-request.js';
import type { AuditEvent } from '../capture/audit-event.js';
import { issueFreshLinks, type FreshLinkDeps, type FreshLinks } from './fresh-links.js';

const job = sampleJob({ channel: 'C0INCIDENT' });
const request: RelinkRequest = { captureId: job.captureId, userId: 'U0TEAMMATE', channel: 'C0INCIDENT', requestedAt: '2026-11-27T18:00:00.000Z' };
const single = { key: 'ticket-generator/p/capture-p.scap.gz', sizeBytes: 100, sha256: 'aa', node: 'node-a', linkExpiresAt: '2026-11-28T00:00:00.000Z' };

function deps(result: unknown, presign: FreshLinkDeps['store']['presign'] = async (key) => ({ url: `https://s3.example/${key}?X-Amz-Signature=new`, expiresAt: new Date('2026-11-29T00:00:00Z') })) {
  const shown: FreshLinks[] = [];
  const signed: { key: string; fileName: string; ttl: number }[] = [];
  const audited: AuditEvent[] = [];
  const value: FreshLinkDeps = {
    findCapture: async (id) => (id === job.captureId && result !== undefined ? { job, result } : undefined),
    store: {
      presign: (key, fileName, ttl) => {
        signed.push({ key, fileName, ttl });
        return presign(key, fileName, ttl);
      },
    },
    notifier: { freshLinks: async (_request, links) => void shown.push(links) },
    log: pino({ level: 'silent' }),
    audit: { record: (event) => void audited.push(event) },
    linkTtlSeconds: 3600,
  };
  return { value, shown, signed, audited };
}

describe('issueFreshLinks', () => {
  it('presigns the trace again and shows the new link, keeping no URL in its result', async () => {
    const { value, shown, signed } = deps(single);
    const result = await issueFreshLinks(request, value);
    expect(signed).toEqual([{ key: single.key, fileName: 'capture-p.scap.gz', ttl: 3600 }]);
    expect(shown).toHaveLength(1);
    const links = shown[0]!;
    expect(links.kind === 'links' && links.artifacts.map((a) => [a.url, a.node, a.sizeBytes])).toEqual([[`https://s3.example/${single.key}?X-Amz-Signature=new`, 'node-a', 100]]);
    expect(result).toEqual({ captureId: job.captureId, userId: 'U0TEAMMATE', files: 1, linkExpiresAt: '2026-11-29T00:00:00.000Z' });
    expect(JSON.stringify(result)).not.toContain('X-Amz');
  });

  it('audits each link it issues: to whom, which object, until when, never the link', async () => {
    const { value, audited } = deps(single);
    await issueFreshLinks(request, value);
    expect(audited).toEqual([
      expect.objectContaining({
        event: 'fresh-link-issued',
        captureId: job.captureId,
        who: 'U0TEAMMATE',
        requester: job.requestedBy,
        channel: 'C0INCIDENT',
        detail: { key: single.key, linkExpiresAt: '2026-11-29T00:00:00.000Z' },
      }),
    ]);
    expect(JSON.stringify(audited)).not.toContain('X-Amz');
  });

  it('links every node of a capture over several nodes', async () => {
    const files = [
      { key: 'ns/deployment-web/a.scap.gz', node: 'node-a', sizeBytes: 1, sha256: 'a' },
      { key: 'ns/deployment-web/b.scap.gz', node: 'node-b', sizeBytes: 2, sha256: 'b' },
    ];
    const { value, signed } = deps({ ...single, files });
    expect((await issueFreshLinks(request, value)).files).toBe(2);
    expect(signed.map((s) => s.fileName)).toEqual(['a.scap.gz', 'b.scap.gz']);
  });

  it('says there is none when the capture is gone or kept no trace', async () => {
    for (const result of [undefined, { failed: true }]) {
      const { value, shown, signed, audited } = deps(result);
      await issueFreshLinks(request, value);
      expect(signed).toEqual([]);
      expect(shown[0]).toMatchObject({ kind: 'none', captureId: job.captureId });
      expect(audited).toEqual([]);
    }
  });

  it('never links a capture to a channel other than its own', async () => {
    const { value, shown } = deps(single);
    await issueFreshLinks({ ...request, channel: 'C0ELSEWHERE' }, value);
    expect(shown[0]?.kind).toBe('none');
  });

  it('tells the user when signing fails, and fails the job', async () => {
    const { value, shown } = deps(single, () => Promise.reject(new Error('ExpiredToken')));
    await expect(issueFreshLinks(request, value)).rejects.toThrow('ExpiredToken');
    expect(shown[0]).toMatchObject({ kind: 'none', reason: 'the trace store could not sign a link; try again in a moment' });
  });
});
