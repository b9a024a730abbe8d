import type { V1Container, V1Pod, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { CapturePodJob } from '../capture/capture-job.js';
import { capturePodName, traceFileName } from '../capture/names.js';
import { CAPTURES_MOUNT_PATH, captureCommand } from './capture-pod-command.js';
import type { CapturePodSettings, ContainerResources } from './capture-pod-settings.js';

export { CAPTURES_MOUNT_PATH, tracePathInPod } from './capture-pod-command.js';

/** The init container that runs sysdig. */
export const CAPTURE_CONTAINER = 'capture';
/** The unprivileged container that keeps the pod (and the trace) around for the read-out. */
export const HOLDER_CONTAINER = 'holder';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const CAPTURE_ID_LABEL = 'capturebot.io/capture-id';
/** On one node's capture pod of a capture over several nodes: its index (its name ends with it). */
export const CAPTURE_PART_LABEL = 'capturebot.io/part';
/** Where the capture's status message is, so the janitor can tell the channel even when the job is gone. */
export const CHANNEL_ANNOTATION = 'capturebot.io/channel';
export const STATUS_TS_ANNOTATION = 'capturebot.io/status-ts';
/** Selects every capture pod capturebot made (for the janitor and for audits). */
export const CAPTURE_POD_SELECTOR = `${MANAGED_BY_LABEL}=capturebot`;

const CAPTURES_VOLUME = 'captures';
/** Host root as sysdig in the image expects it (HOST_ROOT=/host). */
const HOST_ROOT = '/host';
// /run holds the runtime sockets sysdig reads container metadata from
// (containerd, cri-o and k3s all keep theirs under it).
const HOST_PATHS = ['/proc', '/dev', '/boot', '/lib/modules', '/usr', '/etc', '/run'] as const;
const TERMINATION_GRACE_SECONDS = 5;
/** Fixed text, no user input: sleeps until the pod is deleted, exits at once on SIGTERM. */
const HOLDER_COMMAND = ['/bin/sh', '-c', 'trap "exit 0" TERM INT; sleep infinity & wait'];
const NOBODY = 65534;

export type CapturePodPlacement = CapturePodSettings & { readonly nodeName: string };

function hostVolumeName(hostPath: string): string {
  return `host${hostPath.replaceAll('/', '-')}`;
}

function hostVolumes(): V1Volume[] {
  return HOST_PATHS.map((path) => ({ name: hostVolumeName(path), hostPath: { path } }));
}

function hostMounts(): V1VolumeMount[] {
  return HOST_PATHS.map((path) => ({ name: hostVolumeName(path), mountPath: `${HOST_ROOT}${path}`, readOnly: true }));
}

function resources(r: ContainerResources): V1Container['resources'] {
  return { requests: { ...r.requests }, limits: { ...r.limits } };
}

function captureContainer(job: CapturePodJob, settings: CapturePodSettings): V1Container {
  const { command, args, env } = captureCommand(job);
  return {
    name: CAPTURE_CONTAINER,
    image: settings.image,
    imagePullPolicy: 'IfNotPresent',
    ...(command ? { command } : {}),
    args,
    ...(env ? { env } : {}),
    securityContext: { privileged: true },
    // A failed sysdig's last output lands in the terminated state's message too.
    terminationMessagePolicy: 'FallbackToLogsOnError',
    volumeMounts: [...hostMounts(), { name: CAPTURES_VOLUME, mountPath: CAPTURES_MOUNT_PATH }],
    resources: resources(settings.captureResources),
  };
}

function holderContainer(settings: CapturePodSettings): V1Container {
  return {
    name: HOLDER_CONTAINER,
    image: settings.image,
    imagePullPolicy: 'IfNotPresent',
    command: [...HOLDER_COMMAND],
    securityContext: {
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: NOBODY,
      runAsGroup: NOBODY,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: [{ name: CAPTURES_VOLUME, mountPath: CAPTURES_MOUNT_PATH, readOnly: true }],
    resources: resources(settings.holderResources),
  };
}

/** The capture pod for job, pinned to the target's node. Pure: the adapter creates it. */
export function buildCapturePod(job: CapturePodJob, placement: CapturePodPlacement): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: capturePodName(job.captureId, job.part?.index),
      namespace: placement.namespace,
      labels: {
        [MANAGED_BY_LABEL]: 'capturebot',
        'app.kubernetes.io/name': 'capturebot-capture',
        [CAPTURE_ID_LABEL]: job.captureId,
        ...(job.part && { [CAPTURE_PART_LABEL]: String(job.part.index) }),
      },
      // Pod names run to 253 characters and user ids are free text: annotations, not labels.
      annotations: {
        'capturebot.io/target-namespace': job.namespace,
        'capturebot.io/target-pod': job.pod,
        'capturebot.io/requested-by': job.requestedBy,
        'capturebot.io/requested-at': job.requestedAt,
        'capturebot.io/file-name': traceFileName(job),
        [CHANNEL_ANNOTATION]: job.channel,
        [STATUS_TS_ANNOTATION]: job.statusTs,
      },
    },
    spec: {
      nodeName: placement.nodeName,
      restartPolicy: 'Never',
      tolerations: [{ operator: 'Exists' }],
      hostPID: true,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      activeDeadlineSeconds: job.durationSeconds + placement.startupAllowanceSeconds,
      terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
      initContainers: [captureContainer(job, placement)],
      containers: [holderContainer(placement)],
      volumes: [...hostVolumes(), { name: CAPTURES_VOLUME, emptyDir: { sizeLimit: placement.sizeLimit } }],
    },
  };
}
