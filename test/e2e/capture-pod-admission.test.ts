import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePodName } from '../../src/capture/names.js';
import { deployedAdmission, judge } from '../support/capture-admission.js';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { requestCapture, waitForStatus } from '../support/fault-steps.js';
import { fixturePath } from '../support/fixtures.js';
import { REPO_ROOT } from '../support/repo-root.js';

// The admission policy of deploy/, on the pods a running worker really sent to the API server.
describe('the admission policy, on the capture pods of a real run', () => {
  const admission = deployedAdmission(join(REPO_ROOT, 'deploy'));
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
    // The worker as deploy/ configures it: its capture image and namespace.
    expect(admission.podSettings.namespace).toBe(CAPTURE_NAMESPACE);
    app = await startApp(world, 'all', { CAPTURE_IMAGE: admission.podSettings.image });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it.each([
    ['the default driver', '20s', 'C0ADMITMBPF'],
    ['the ebpf driver and a filter', '20s --ebpf -- fd.port=80', 'C0ADMITEBPF'],
    ['the kmod driver', '20s --driver kmod', 'C0ADMITKMOD'],
  ])('admits the pod the worker created for %s, and refuses it with a shell in the holder', async (_what, options, channel) => {
    const id = await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} ${options}`, channel);
    await waitForStatus(world, channel, /Capturing/);
    const stored = world.kube.pod(CAPTURE_NAMESPACE, capturePodName(id))!;
    const { status: _status, ...pod } = structuredClone(stored);
    expect(judge(admission, pod)).toEqual({ judged: true, denied: [] });

    pod.spec!.containers[0]!.command = ['/bin/sh', '-c', 'nsenter -t 1 -m sh'];
    const verdict = judge(admission, pod);
    expect(verdict).toEqual({ judged: true, denied: [expect.stringMatching(/^the holder container only waits/)] });

    world.kube.finishCapture(capturePodName(id), CAPTURE_NAMESPACE);
    await waitForStatus(world, channel, /Done/);
  });
});
