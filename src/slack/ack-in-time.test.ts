import type { RespondFn } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ackInTime } from './ack-in-time.js';

describe('ackInTime', () => {
  const acks: string[] = [];
  const responses: string[] = [];
  const ack = async (reply: { text: string }) => void acks.push(reply.text);
  const respond = (async (reply: string | { text?: string }) => {
    responses.push(typeof reply === 'string' ? reply : (reply.text ?? ''));
    return new Response(null);
  }) as unknown as RespondFn;

  beforeEach(() => {
    vi.useFakeTimers();
    acks.length = 0;
    responses.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('passes a prompt answer straight through as the one ack', async () => {
    const guarded = ackInTime(ack, respond, 1_500);
    await guarded.ack({ response_type: 'ephemeral', text: 'accepted' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(acks).toEqual(['accepted']);
    expect(responses).toEqual([]);
  });

  it('acks with a holding reply when the budget runs out, and sends the answer through response_url', async () => {
    const guarded = ackInTime(ack, respond, 1_500);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(acks).toEqual([':hourglass_flowing_sand: Checking your request…']);
    await guarded.ack({ response_type: 'ephemeral', text: 'refused' });
    expect(acks).toHaveLength(1);
    expect(responses).toEqual(['refused']);
  });

  it('sends no holding reply once the handler is done', async () => {
    const guarded = ackInTime(ack, respond, 1_500);
    guarded.done();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(acks).toEqual([]);
  });
});
