import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { bigTrace, linkReplies, requestCapture, waitForStatus } from '../support/fault-steps.js';
import { closeCheckingLeftovers, leftovers } from '../support/leftovers.js';

const MiB = 1024 * 1024;
const COMMAND = `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`;

describe('fault 4 (S3 failing)', () => {
  let world: World;
  let app: CapturebotProcess;
  let trace: { path: string; sha256: string };

  beforeAll(async () => {
    world = await startWorld();
    // Four 5 MiB parts: big enough for a multipart upload.
    trace = await bigTrace(20 * MiB);
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: trace.path }));
    app = await startApp(world, 'all');
  }, 60_000);

  afterAll(async () => {
    await closeCheckingLeftovers(world, [() => app?.stop()]);
  });

  it('rides out 5xx answers and reset connections inside the multipart upload, and stores the trace whole', async () => {
    const parts = world.s3.requestCount('UploadPart');
    world.s3.failRequests('CreateMultipartUpload', { status: 500, times: 1 });
    world.s3.failRequests('UploadPart', { status: 503, times: 2 });
    world.s3.resetConnections('UploadPart', 1);
    const channel = 'C0S3BLIP';
    await requestCapture(world, app, COMMAND, channel);
    await waitForStatus(world, channel, /Done: 20\.0 MiB captured/, 60_000);
    const links = linkReplies(world, channel);
    expect(links).toHaveLength(1);
    expect(links[0]!.text).toContain(trace.sha256);
    expect(world.s3.requestCount('UploadPart') - parts).toBeGreaterThanOrEqual(3 + 3);
    expect((await leftovers(world)).pendingUploads).toEqual([]);
  });

  it('ends the capture with a clear message when S3 keeps failing, aborts the upload and deletes the capture pod', async () => {
    world.s3.failRequests('UploadPart', { status: 500, times: 10_000 });
    const channel = 'C0S3DOWN';
    await requestCapture(world, app, COMMAND, channel);
    const text = await waitForStatus(world, channel, /Failed/, 60_000);
    expect(text).toMatch(/could not store the trace at s3:\/\/capturebot-test\/default\/ticket-generator\/.*: InternalError \(HTTP 500\) after \d+ attempts/);
    expect(linkReplies(world, channel)).toEqual([]);
    expect(world.s3.requestCount('AbortMultipartUpload')).toBeGreaterThan(0);
    await expect.poll(async () => (await leftovers(world)).pendingUploads, { timeout: 10_000 }).toEqual([]);
    await expect.poll(() => world.kube.pods(CAPTURE_NAMESPACE), { timeout: 10_000 }).toEqual([]);
  });
});
