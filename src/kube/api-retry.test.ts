import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { isTransient, withApiRetry } from './api-retry.js';

const api = (code: number) => new ApiException(code, `HTTP ${code}`, '{}', {});
const FAST = { attempts: 4, baseMs: 1, maxMs: 2 };

describe('withApiRetry', () => {
  it.each([429, 500, 502, 503, 504])('retries HTTP %i until the call succeeds', async (code) => {
    let calls = 0;
    const result = await withApiRetry(async () => {
      calls += 1;
      if (calls < 3) throw api(code);
      return 'ok';
    }, FAST);
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it.each([400, 403, 404, 409, 422])('gives HTTP %i back at once', async (code) => {
    let calls = 0;
    await expect(
      withApiRetry(async () => {
        calls += 1;
        throw api(code);
      }, FAST),
    ).rejects.toMatchObject({ code });
    expect(calls).toBe(1);
  });

  it('gives up after the last attempt with the last error', async () => {
    let calls = 0;
    await expect(
      withApiRetry(async () => {
        calls += 1;
        throw api(503);
      }, FAST),
    ).rejects.toMatchObject({ code: 503 });
    expect(calls).toBe(4);
  });

  it('takes refused and reset connections as transient, however deeply wrapped', () => {
    expect(isTransient(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransient(new Error('fetch failed', { cause: Object.assign(new Error('socket'), { code: 'ECONNRESET' }) }))).toBe(true);
    expect(isTransient(new Error('bad input'))).toBe(false);
  });
});
