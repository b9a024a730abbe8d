import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../test/support/golden.js';
import type { CaptureJob } from '../capture/capture-job.js';
import type { CaptureRecord } from '../queue/capture-history.js';
import { captureListMessage, captureStatusMessage } from './capture-list-message.js';

const job = (captureId: string, changes: Partial<CaptureJob> = {}): CaptureJob => ({
  captureId,
  pod: 'ticket-balancer-5967c66fb4-qnzj6',
  namespace: 'ticket-generator',
  durationSeconds: 30,
  snaplen: 80,
  driver: 'modern-bpf',
  requestedBy: 'U0RESPONDER',
  channel: 'C0INCIDENT',
  statusTs: '1700000000.000100',
  requestedAt: '2026-11-27T17:50:00.000Z',
  ...changes,
});

const done: CaptureRecord = {
  job: job('01JDQ3V8X6M2T9R4K7C5N1B0FZ'),
  state: 'done',
  result: { key: 'ticket-generator/x/capture-x.scap.gz', sizeBytes: 11_264, sha256: 'ab'.repeat(32), node: 'node-a', linkExpiresAt: '2026-11-28T17:51:00.000Z' },
};
const failed: CaptureRecord = {
  job: job('01JDQ3W0000000000000000000', { pod: 'ghost-pod-0', requestedAt: '2026-11-27T18:02:00.000Z', durationSeconds: 5 }),
  state: 'failed',
  reason: 'pod ghost-pod-0 not found in namespace ticket-generator <!channel>',
};
const running: CaptureRecord = { job: job('01JDQ3X0000000000000000000', { requestedBy: 'U0OTHER', requestedAt: '2026-11-27T18:05:00.000Z' }), state: 'running' };
const held: CaptureRecord = { ...running, job: job('01JDQ3Y0000000000000000000'), state: 'held', note: 'node node-a has 2 captures running (MAX_CAPTURES_PER_NODE)' };
const cancelled: CaptureRecord = { ...running, job: job('01JDQ3Z0000000000000000000'), state: 'cancelled', note: 'U0LEAD' };
const wide: CaptureRecord = {
  ...done,
  job: job('01JDQ40000000000000000000A'),
  result: { ...done.result!, sizeBytes: 30_000, files: [{ key: 'a', node: 'node-a', sizeBytes: 10_000, sha256: '' }, { key: 'b', node: 'node-b', sizeBytes: 20_000, sha256: '' }] },
};

describe('captureListMessage', () => {
  const list = captureListMessage([running, failed, done]);

  it('gives one line per capture: when, who, what, how long, outcome and size', () => {
    expect(list.text).toContain('*2026-11-27 17:50 UTC* · <@U0RESPONDER> · pod `ticket-balancer-5967c66fb4-qnzj6` in namespace `ticket-generator`, 30s · :white_check_mark: done, 11.0 KiB');
    expect(list.text).toContain(':red_circle: running');
  });

  it('escapes a failure reason', () => {
    expect(list.text).toContain(':x: failed: pod ghost-pod-0 not found in namespace ticket-generator &lt;!channel&gt;');
  });

  it('puts a Fresh link button on finished captures only, carrying the capture id', () => {
    const buttons = list.blocks.flatMap((block) => (block.type === 'section' && block.accessory ? [block.accessory] : []));
    expect(buttons).toEqual([{ type: 'button', action_id: 'capture_fresh_link', text: { type: 'plain_text', text: 'Fresh link' }, value: done.job.captureId }]);
  });

  it('says how a held-back, cancelled or multi-node capture stands', () => {
    const { text } = captureListMessage([held, cancelled, wide]);
    expect(text).toContain(':hourglass_flowing_sand: held back (node node-a has 2 captures running (MAX_CAPTURES_PER_NODE))');
    expect(text).toContain(':no_entry_sign: cancelled by <@U0LEAD>');
    expect(text).toContain(':white_check_mark: done, 29.3 KiB on 2 nodes');
  });

  it('says so when the channel has no capture', () => {
    expect(captureListMessage([]).text).toBe(':information_source: No capture was requested in this channel in the last week.');
  });

  it('matches its golden file', () => {
    expectGolden(list, new URL('./testdata/capture-list-message.golden.json', import.meta.url));
  });
});

describe('captureStatusMessage', () => {
  it('counts the unfinished captures of the channel', () => {
    expect(captureStatusMessage([running, held], {}).text).toMatch(/^:satellite: 2 captures have not finished in this channel:/);
  });

  it('shows one capture without a heading when asked by id', () => {
    const { text } = captureStatusMessage([done], { captureId: done.job.captureId });
    expect(text.split('\n')).toHaveLength(1);
    expect(text).toContain(done.job.captureId);
  });

  it('says when there is no such capture in this channel', () => {
    expect(captureStatusMessage([], { captureId: done.job.captureId }).text).toContain('There is no capture `01JDQ3V8X6M2T9R4K7C5N1B0FZ` in this channel');
  });

  it('matches its golden file', () => {
    expectGolden(captureStatusMessage([running, held], {}), new URL('./testdata/capture-status-message.golden.json', import.meta.url));
  });
});
