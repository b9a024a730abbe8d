import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../test/support/golden.js';
import type { CaptureStatus } from '../capture/capture-status.js';
import { statusMessage, type CaptureRequestView } from './status-message.js';

const request: CaptureRequestView = {
  captureId: '01JDQ3V8X6M2T9R4K7C5N1B0FZ',
  pod: 'deployment-ticket-balancer',
  target: { kind: 'deployment', name: 'ticket-balancer' },
  namespace: 'ticket-generator',
  durationSeconds: 30,
  snaplen: 80,
  driver: 'modern-bpf',
  requestedBy: 'U0REQUEST',
  channel: 'C0INCIDENT',
  requestedAt: '2026-11-27T17:50:00.000Z',
};
const resolved = [
  { node: 'node-a', pods: ['ticket-balancer-5967c66fb4-qnzj6', 'ticket-balancer-5967c66fb4-x8k2p'] },
  { node: 'node-b', pods: ['ticket-balancer-5967c66fb4-7wq4d'] },
];

describe('statusMessage of a capture over several pods', () => {
  const capturing: CaptureStatus = { stage: 'capturing', node: 'node-a, node-b', elapsedSeconds: 10, totalSeconds: 30, resolved };

  it('names the workload and, once resolved, every pod by node', () => {
    const { text } = statusMessage(request, capturing);
    const [head, line, pods] = text.split('\n');
    expect(head).toBe('<@U0REQUEST> is capturing deployment `ticket-balancer` in namespace `ticket-generator` for 30s (snaplen 80, driver modern-bpf)');
    expect(line).toBe(':red_circle: Capturing on nodes `node-a`, `node-b`: 10s / 30s');
    expect(pods).toBe(
      ':dart: Resolved to 3 pods on 2 nodes: `node-a`: `ticket-balancer-5967c66fb4-qnzj6`, `ticket-balancer-5967c66fb4-x8k2p` · `node-b`: `ticket-balancer-5967c66fb4-7wq4d`',
    );
  });

  it('says the links are in the thread when done', () => {
    expect(statusMessage(request, { stage: 'done', node: 'node-a, node-b', sizeBytes: 40_960, resolved }).text).toContain(
      ':white_check_mark: Done: 40.0 KiB captured on nodes `node-a`, `node-b`; the links are in the thread',
    );
  });

  it.each([
    [{ ...request, pod: 'selector-app-web', target: { kind: 'selector', selector: 'app=web' } }, 'the pods labelled `app=web` in namespace `ticket-generator`'],
    [{ ...request, pod: 'node-node-a', namespace: 'kube-system', target: { kind: 'node', name: 'node-a' } }, 'every pod on node `node-a`'],
    [{ ...request, pod: 'statefulset-db', target: { kind: 'statefulset', name: 'db' } }, 'statefulset `db` in namespace `ticket-generator`'],
  ] as const)('describes %j', (view, words) => {
    expect(statusMessage(view as CaptureRequestView, { stage: 'queued' }).text).toContain(`is capturing ${words} for 30s`);
  });

  it('matches its golden file', () => {
    expectGolden(statusMessage(request, capturing), new URL('./testdata/status-message.wide-capturing.golden.json', import.meta.url));
  });
});
