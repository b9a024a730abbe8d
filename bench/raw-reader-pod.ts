import { link, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { INCIDENT_NAMESPACE, type World } from '../test/support/capturebot-harness.js';

const POD = 'bench-raw-reader';
const CONTAINER = 'holder';

/** A pod that just holds the trace files, for the baseline probe to `cat` through exec (no capture pod, no capturebot). */
export async function placeForRawRead(world: World, traceFile: string): Promise<{ namespace: string; pod: string; container: string; path: string }> {
  if (!world.kube.pod(INCIDENT_NAMESPACE, POD)) world.kube.addPod({ namespace: INCIDENT_NAMESPACE, name: POD, nodeName: 'node-b', containers: [CONTAINER] });
  const inPod = `/captures/${path.basename(traceFile)}`;
  const host = await world.kube.hostPath(INCIDENT_NAMESPACE, POD, CONTAINER, inPod);
  await mkdir(path.dirname(host), { recursive: true });
  await rm(host, { force: true });
  await link(traceFile, host);
  return { namespace: INCIDENT_NAMESPACE, pod: POD, container: CONTAINER, path: inPod };
}
