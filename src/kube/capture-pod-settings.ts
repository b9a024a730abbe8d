import { DEFAULT_CAPTURE_IMAGE } from '../config.js';

/** CPU and memory as Kubernetes quantities (`100m`, `256Mi`). */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** Settings the capture pod is built from; config.ts fills them from the environment. */
export interface CapturePodSettings {
  /** CAPTURE_NAMESPACE: where capture pods run (labelled for privileged Pod Security). */
  readonly namespace: string;
  /** CAPTURE_IMAGE: a sysdig/sysdig image, pinned. */
  readonly image: string;
  /** CAPTURE_SIZE_LIMIT: the emptyDir sizeLimit the trace is written to. */
  readonly sizeLimit: string;
  /**
   * Added to the capture's duration for the pod's activeDeadlineSeconds: image
   * pull, driver load and reading the trace out of the holder all fit in it.
   */
  readonly startupAllowanceSeconds: number;
  readonly captureResources: ContainerResources;
  readonly holderResources: ContainerResources;
}


export const DEFAULT_CAPTURE_POD_SETTINGS: CapturePodSettings = {
  namespace: 'capturebot-captures',
  image: DEFAULT_CAPTURE_IMAGE,
  sizeLimit: '2Gi',
  startupAllowanceSeconds: 600,
  captureResources: {
    requests: { cpu: '100m', memory: '256Mi' },
    limits: { cpu: '1', memory: '1Gi' },
  },
  // The holder idles until the worker reads the trace out, then runs `sysdig -r` for the triage summary.
  holderResources: {
    requests: { cpu: '10m', memory: '32Mi' },
    limits: { cpu: '500m', memory: '512Mi' },
  },
};
