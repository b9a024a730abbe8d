import type { ServerResponse } from 'node:http';
import type { ContainerLogs } from './container-logs.js';
import { sendStatus } from './http-io.js';
import type { WirePod } from './kube-types.js';
import type { ObjectStore } from './object-store.js';
import type { RequestInfo } from './request-info.js';
import { badRequest, notFound } from './status-body.js';

/** Which container a pods/log or pods/exec request means, or the API server's refusal text. */
export function pickContainer(pod: WirePod, requested: string | null): { name: string } | { refusal: string } {
  const inits = (pod.spec?.initContainers ?? []).map((c) => c.name);
  const apps = (pod.spec?.containers ?? []).map((c) => c.name);
  const podName = pod.metadata.name;
  if (requested === null || requested === '') {
    if (apps.length === 1 && apps[0] !== undefined) return { name: apps[0] };
    const initPart = inits.length > 0 ? ` or one of the init containers: [${inits.join(' ')}]` : '';
    return { refusal: `a container name must be specified for pod ${podName}, choose one of: [${apps.join(' ')}]${initPart}` };
  }
  if (!inits.includes(requested) && !apps.includes(requested)) return { refusal: `container ${requested} is not valid for pod ${podName}` };
  return { name: requested };
}

/** GET pods/NAME/log: the container's log as text, `tailLines` honoured. */
export function servePodLog(res: ServerResponse, info: RequestInfo, store: ObjectStore, logs: ContainerLogs): void {
  const namespace = info.namespace ?? '';
  const pod = store.get('pods', namespace, info.pathName ?? '') as WirePod | undefined;
  if (!pod) return sendStatus(res, notFound({ resource: 'pods', namespace, name: info.pathName }));
  const picked = pickContainer(pod, info.query.get('container'));
  if ('refusal' in picked) return sendStatus(res, badRequest(picked.refusal));
  const status = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((s) => s.name === picked.name);
  const waiting = status?.state?.waiting;
  if (!status || (waiting && !status.lastState?.terminated && status.restartCount === 0)) {
    const reason = waiting?.reason ?? 'ContainerCreating';
    return sendStatus(res, badRequest(`container "${picked.name}" in pod "${pod.metadata.name}" is waiting to start: ${reason}`));
  }
  let lines = [...logs.lines(namespace, pod.metadata.name, picked.name)];
  const tail = info.query.get('tailLines');
  if (tail !== null && Number(tail) >= 0) lines = Number(tail) === 0 ? [] : lines.slice(-Number(tail));
  const text = lines.map((l) => `${l}\n`).join('');
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
