import type { IValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import type { IValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_CAPTURE_POD_SETTINGS, type CapturePodSettings } from '../../src/kube/capture-pod-settings.js';
import { admissionVerdict, type AdmissionRequest, type AdmissionVerdict } from './admission-policy.js';
import { kustomizeBuild, type Manifest } from './kustomize.js';
import { resolveEnv } from './pod-env.js';

export const POLICY_NAME = 'capturebot-capture-pods';

/** The admission policy of a deploy/ build, with the capture namespace and pod settings the worker of that build uses. */
export interface DeployedAdmission {
  readonly policy: IValidatingAdmissionPolicy;
  readonly binding: IValidatingAdmissionPolicyBinding;
  readonly objects: readonly Manifest[];
  /** The settings the worker builds its capture pods from, read from its environment as the worker reads it. */
  readonly podSettings: CapturePodSettings;
  /** Labels of the capture namespace as the API server has them (with kubernetes.io/metadata.name). */
  readonly namespaceLabels: Readonly<Record<string, string>>;
}

function one<T>(objects: readonly Manifest[], kind: string, name: string): T {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`the build has ${found.length} ${kind} ${name}`);
  return found[0] as unknown as T;
}

export function deployedAdmission(dir: string): DeployedAdmission {
  const { objects } = kustomizeBuild(dir);
  const worker = one<IDeployment & Manifest>(objects, 'Deployment', 'capturebot-worker');
  const secrets = {
    'capturebot-slack': { 'bot-token': 'xoxb-1-made-up' },
    'capturebot-redis': { url: 'redis://made-up:6379' },
    'capturebot-redis-auth': { password: 'made-up-redis-password' },
    'capturebot-signing': { 'job-signing-key': 'made-up-job-signing-key-0123456789abcdef' },
  };
  const env = resolveEnv(worker.spec!.template.spec!.containers[0]! as never, worker.metadata.namespace!, objects, secrets);
  const settings = loadConfig('worker', env).worker!;
  const namespace = one<Manifest>(objects, 'Namespace', settings.CAPTURE_NAMESPACE);
  return {
    policy: one(objects, 'ValidatingAdmissionPolicy', POLICY_NAME),
    binding: one(objects, 'ValidatingAdmissionPolicyBinding', POLICY_NAME),
    objects,
    podSettings: { ...DEFAULT_CAPTURE_POD_SETTINGS, namespace: settings.CAPTURE_NAMESPACE, image: settings.CAPTURE_IMAGE, sizeLimit: settings.CAPTURE_SIZE_LIMIT },
    namespaceLabels: { ...namespace.metadata.labels, 'kubernetes.io/metadata.name': namespace.metadata.name },
  };
}

/** The policy's verdict on a request in the capture namespace (CREATE of a pod unless told otherwise). */
export function judge(admission: DeployedAdmission, object: unknown, request: Partial<AdmissionRequest> = {}): AdmissionVerdict {
  return admissionVerdict(admission.policy, admission.binding, {
    operation: 'CREATE',
    resource: 'pods',
    namespace: admission.podSettings.namespace,
    namespaceLabels: admission.namespaceLabels,
    object,
    ...request,
  });
}
