import { captureJobSchema, type CaptureJob } from '../../capture/capture-job.js';

/** A valid capture job for tests of src/kube; fields can be overridden. */
export function sampleJob(overrides: Partial<CaptureJob> = {}): CaptureJob {
  return captureJobSchema.parse({
    captureId: '01J9Z8X7W6V5T4S3R2Q1P0NMKH',
    pod: 'ticket-balancer-5967c66fb4-qnzj6',
    namespace: 'ticket-generator',
    durationSeconds: 30,
    snaplen: 256,
    driver: 'modern-bpf',
    requestedBy: 'U024BE7LH',
    channel: 'C0INCIDENT',
    statusTs: '1700000000.000100',
    requestedAt: '2019-02-14T11:05:29.000Z',
    ...overrides,
  });
}
