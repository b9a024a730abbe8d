import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PartPool } from './part-pool.js';

describe('PartPool', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lends the same buffers again to the next upload', () => {
    const pool = new PartPool(1024, 2, 10_000);
    const a = pool.take();
    const b = pool.take();
    pool.release(a);
    pool.release(b);
    vi.advanceTimersByTime(9_999);
    expect([pool.take(), pool.take()]).toEqual(expect.arrayContaining([a, b]));
  });

  it('keeps no more than it was told to; the extra buffers of concurrent uploads are dropped on release', () => {
    const pool = new PartPool(1024, 1, 10_000);
    const lent = [pool.take(), pool.take(), pool.take()];
    for (const buffer of lent) pool.release(buffer);
    expect(pool.kept).toBe(1);
  });

  it('drops the kept buffers once no upload has used them for the idle time', () => {
    const pool = new PartPool(1024, 2, 10_000);
    const a = pool.take();
    pool.release(a);
    expect(pool.kept).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(pool.kept).toBe(0);
    expect(pool.take()).not.toBe(a);
  });

  it('does not drop buffers while an upload still holds one, and counts the idle time from the last release', () => {
    const pool = new PartPool(1024, 2, 10_000);
    const a = pool.take();
    const b = pool.take();
    pool.release(a);
    vi.advanceTimersByTime(15_000);
    expect(pool.kept).toBe(1);
    pool.release(b);
    vi.advanceTimersByTime(9_000);
    expect(pool.kept).toBe(2);
    const c = pool.take();
    vi.advanceTimersByTime(20_000);
    expect(pool.kept).toBe(1);
    pool.release(c);
    vi.advanceTimersByTime(10_000);
    expect(pool.kept).toBe(0);
  });
});
