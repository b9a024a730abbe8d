import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePodName } from '../../src/capture/names.js';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { requestCapture, waitForStatus } from '../support/fault-steps.js';
import { fixturePath } from '../support/fixtures.js';

describe('the capture pod capturebot makes, as the API server stores it', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    world.kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap'), finish: 'manual' }));
    app = await startApp(world, 'all', { CAPTURE_SIZE_LIMIT: '512Mi' });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('mounts no service-account token, bounds CPU, memory and the trace volume, and has a deadline of duration plus start-up allowance', async () => {
    const id = await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 45s`, 'C0PODSHAPE');
    await waitForStatus(world, 'C0PODSHAPE', /Capturing/);
    const pod = world.kube.pod(CAPTURE_NAMESPACE, capturePodName(id))!;
    const spec = pod.spec!;
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.volumes).toContainEqual({ name: 'captures', emptyDir: { sizeLimit: '512Mi' } });
    expect(spec.activeDeadlineSeconds).toBe(45 + 600);
    for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
      expect(container.resources?.requests, container.name).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.resources?.limits, container.name).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.volumeMounts?.some((m) => m.mountPath.includes('serviceaccount'))).toBe(false);
    }
    world.kube.finishCapture(capturePodName(id), CAPTURE_NAMESPACE);
    await waitForStatus(world, 'C0PODSHAPE', /Done/);
  });
});
