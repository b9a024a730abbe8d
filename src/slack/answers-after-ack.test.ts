import type { RespondFn } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOLDING_REPLY, answersAfterAck } from './answers-after-ack.js';

describe('answersAfterAck', () => {
  const responses: string[] = [];
  const respond = (async (reply: string | { text?: string }) => {
    responses.push(typeof reply === 'string' ? reply : (reply.text ?? ''));
    return new Response(null);
  }) as unknown as RespondFn;

  beforeEach(() => {
    vi.useFakeTimers();
    responses.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('sends a prompt answer as the only message', async () => {
    const answers = answersAfterAck(respond, 1_500);
    await answers.answer({ response_type: 'ephemeral', text: 'accepted' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(responses).toEqual(['accepted']);
  });

  it('posts a holding line when the checks outlast the budget, then the answer', async () => {
    const answers = answersAfterAck(respond, 1_500);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(responses).toEqual([HOLDING_REPLY]);
    await answers.answer({ response_type: 'ephemeral', text: 'refused' });
    expect(responses).toEqual([HOLDING_REPLY, 'refused']);
  });

  it('posts no holding line once the handler is done', async () => {
    const answers = answersAfterAck(respond, 1_500);
    answers.done();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(responses).toEqual([]);
  });
});
