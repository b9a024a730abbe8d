import { describe, expect, it } from 'vitest';
import { traceFileName, traceObjectKey } from './names.js';

const job = { captureId: '01JDQ3V8X6M2T9R4K7C5N1B0FZ', pod: 'web-1', namespace: 'shop', requestedAt: '2026-11-27T17:50:00.000Z' };

describe('trace names', () => {
  it('file a trace under its cluster, then its namespace and pod', () => {
    expect(traceObjectKey({ ...job, cluster: 'prod-eu' }, 'traces/')).toBe('traces/prod-eu/shop/web-1/capture-prod-eu-web-1-20261127T175000Z-01JDQ3V8X6M2T9R4K7C5N1B0FZ.scap.gz');
    expect(traceObjectKey(job, '')).toBe('default/shop/web-1/capture-web-1-20261127T175000Z-01JDQ3V8X6M2T9R4K7C5N1B0FZ.scap.gz');
  });

  it('keep the file name of a one-cluster install, and name any other cluster in it', () => {
    expect(traceFileName(job)).toBe('capture-web-1-20261127T175000Z-01JDQ3V8X6M2T9R4K7C5N1B0FZ.scap.gz');
    expect(traceFileName({ ...job, cluster: 'default' })).toBe(traceFileName(job));
    expect(traceFileName({ ...job, cluster: 'staging', part: { index: 1, node: 'node-b' } })).toBe('capture-staging-web-1-node-b-20261127T175000Z-01JDQ3V8X6M2T9R4K7C5N1B0FZ.scap.gz');
  });
});
