import type { Readable } from 'node:stream';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { CaptureJob, CapturePodJob } from '../capture/capture-job.js';
import type { NodePods } from '../capture/capture-status.js';
import { capturePodName } from '../capture/names.js';
import { UserFacingError } from '../capture/user-facing-error.js';
import type {
  CaptureCluster,
  CaptureEnd,
  CaptureWatchHooks,
  PeerLookupOptions,
  PeerOwnersLookup,
  PodCommandOptions,
  PodCommandOutput,
  TargetPod,
} from '../worker/ports.js';
import type { CapturePodReaper, CapturePodRecord, PodDeletion } from '../worker/janitor-ports.js';
import { buildCapturePod, CAPTURE_CONTAINER, CAPTURE_POD_SELECTOR, HOLDER_CONTAINER, tracePathInPod } from './capture-pod.js';
import { CapturePodInformer } from './capture-pod-informer.js';
import { capturePodRecord } from './capture-pod-record.js';
import type { CapturePodSettings } from './capture-pod-settings.js';
import { capturePodState, capturePodViewSchema, type CapturePodState } from './capture-pod-status.js';
import { execCollect } from './exec-collect.js';
import { execStdout } from './exec-stream.js';
import { withApiRetry } from './api-retry.js';
import { apiFailure, apiStatusMessage, httpStatus, isPodSecurityRejection, permissionDenied } from './kube-errors.js';
import { lookupPeerOwners } from './peer-owner-lookup.js';
import { resolveRequest } from './target-resolver.js';
import { capturedNodes, jobTargetRequest } from '../capture/job-resolution.js';
import type { TargetRequest } from '../capture/resolve-target.js';
import type { TargetResolution } from '../capture/target-resolution.js';

const LOG_TAIL_LINES = 20;

/** CaptureCluster over the Kubernetes API with @kubernetes/client-node. */
export class KubeCaptureCluster implements CaptureCluster, CapturePodReaper {
  private readonly core: CoreV1Api;
  /** One watch of all capture pods, however many captures wait. */
  private readonly informer: CapturePodInformer;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly settings: CapturePodSettings,
  ) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.informer = new CapturePodInformer(kubeConfig, this.core, settings.namespace, CAPTURE_POD_SELECTOR);
  }

  /** KUBECONFIG when set, else the in-cluster service account. */
  static fromDefaultConfig(settings: CapturePodSettings): KubeCaptureCluster {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromDefault();
    return new KubeCaptureCluster(kubeConfig, settings);
  }

  /** For /readyz: the API server answers and the capture namespace can be read. */
  /** The API server this worker reaches, as its heartbeat announces it. */
  apiServer(): string {
    return this.kubeConfig.getCurrentCluster()?.server ?? '';
  }

  async reachable(): Promise<boolean> {
    try {
      await this.core.listNamespacedPod({ namespace: this.settings.namespace, limit: 1 });
      return true;
    } catch {
      return false;
    }
  }

  resolve(request: TargetRequest): Promise<TargetResolution> {
    return resolveRequest({ core: this.core }, request);
  }

  async findTarget(job: CaptureJob): Promise<TargetPod> {
    const [only] = capturedNodes(await this.resolve(jobTargetRequest(job)), job.namespace);
    if (!only) throw new UserFacingError(`pod ${job.pod} in namespace ${job.namespace} is not running`);
    return { name: job.pod, namespace: job.namespace, nodeName: only.node, containerIds: only.containerIds ?? [] };
  }

  async resolveTargets(job: CaptureJob): Promise<NodePods[]> {
    return capturedNodes(await this.resolve(jobTargetRequest(job)), job.namespace);
  }

  async startCapturePod(job: CapturePodJob, nodeName: string): Promise<void> {
    const body = buildCapturePod(job, { ...this.settings, nodeName });
    try {
      // A create retried after a 5xx that did go through gets 409: the pod is there, which is all we want.
      await withApiRetry(() => this.core.createNamespacedPod({ namespace: this.settings.namespace, body }));
    } catch (err) {
      const status = httpStatus(err);
      if (status === 409) return; // a retried job: keep the pod the first attempt made
      if (isPodSecurityRejection(err)) {
        throw new UserFacingError(
          `namespace ${this.settings.namespace} does not allow privileged pods (${apiStatusMessage(err)}): ` +
            'label it pod-security.kubernetes.io/enforce=privileged',
        );
      }
      if (status === 403) throw permissionDenied('create', 'pods', this.settings.namespace);
      if (status === 404) throw new UserFacingError(`the capture namespace ${this.settings.namespace} does not exist: create it or set CAPTURE_NAMESPACE`);
      throw apiFailure(`create capture pod ${body.metadata?.name ?? ''}`, err);
    }
  }

  async awaitCaptureEnd(job: CapturePodJob, hooks: CaptureWatchHooks): Promise<CaptureEnd> {
    const name = capturePodName(job.captureId, job.part?.index);
    let capturingSeen = false;
    type Verdict = Exclude<CapturePodState, { kind: 'starting' | 'capturing' | 'handing-over' }> | { readonly kind: 'pod-gone'; readonly reason: string };
    const end = await this.informer.waitFor<Verdict>(
      name,
      {
        onPod: (raw) => {
          const state = capturePodState(capturePodViewSchema.parse(raw));
          if (state.kind === 'capturing' && !capturingSeen) {
            capturingSeen = true;
            hooks.onCapturing(state.startedAt ?? new Date());
          }
          return state.kind === 'capturing' || state.kind === 'starting' || state.kind === 'handing-over' ? undefined : state;
        },
        onGone: () => ({ kind: 'pod-gone', reason: 'the capture pod was deleted before the capture finished' }),
      },
      hooks.signal,
    );
    if (end.kind === 'captured') return { ok: true };
    if (end.kind === 'pod-gone') return { ok: false, reason: end.reason, podGone: true };
    if (end.kind === 'pod-failed') return { ok: false, reason: end.reason };
    const logTail = (await this.captureLogTail(name)) ?? end.message;
    return { ok: false, reason: end.reason, ...(logTail ? { logTail } : {}) };
  }

  openTrace(job: CapturePodJob): Readable {
    return execStdout(this.kubeConfig, {
      namespace: this.settings.namespace,
      pod: capturePodName(job.captureId, job.part?.index),
      container: HOLDER_CONTAINER,
      command: ['cat', tracePathInPod(job)],
    });
  }

  tracePath(job: CapturePodJob): string {
    return tracePathInPod(job);
  }

  runInCapturePod(job: CapturePodJob, argv: readonly string[], options: PodCommandOptions): Promise<PodCommandOutput> {
    const target = { namespace: this.settings.namespace, pod: capturePodName(job.captureId, job.part?.index), container: HOLDER_CONTAINER, command: argv };
    return execCollect(this.kubeConfig, target, options);
  }

  lookupPeerOwners(ips: readonly string[], options: PeerLookupOptions): Promise<PeerOwnersLookup> {
    return lookupPeerOwners(this.core, ips, options);
  }

  /** Every capture pod capturebot made in the capture namespace, for the janitor. */
  async listCapturePods(): Promise<CapturePodRecord[]> {
    try {
      const list = await withApiRetry(() => this.core.listNamespacedPod({ namespace: this.settings.namespace, labelSelector: CAPTURE_POD_SELECTOR }));
      return list.items.flatMap((pod) => capturePodRecord(pod) ?? []);
    } catch (err) {
      if (httpStatus(err) === 403) throw permissionDenied('list', 'pods', this.settings.namespace);
      throw apiFailure(`list capture pods in ${this.settings.namespace}`, err);
    }
  }

  /** The worker's own pod of this job; a pod already gone is not an error. */
  async deleteCapturePod(job: Pick<CapturePodJob, 'captureId' | 'part'>): Promise<void> {
    await this.deletePodNamed(capturePodName(job.captureId, job.part?.index));
  }

  /** For the janitor: the pod it listed, by the name the API server gave it. */
  deleteListedPod(pod: Pick<CapturePodRecord, 'name'>): Promise<PodDeletion> {
    return this.deletePodNamed(pod.name);
  }

  private async deletePodNamed(name: string): Promise<PodDeletion> {
    try {
      await withApiRetry(() => this.core.deleteNamespacedPod({ name, namespace: this.settings.namespace, propagationPolicy: 'Background' }));
      return 'deleted';
    } catch (err) {
      if (httpStatus(err) === 404) return 'already-gone';
      if (httpStatus(err) === 403) throw permissionDenied('delete', 'pods', this.settings.namespace);
      throw apiFailure(`delete capture pod ${name}`, err);
    }
  }

  /** The last lines sysdig wrote; undefined when the log cannot be read. */
  private async captureLogTail(name: string): Promise<string | undefined> {
    try {
      const log = await this.core.readNamespacedPodLog({
        name,
        namespace: this.settings.namespace,
        container: CAPTURE_CONTAINER,
        tailLines: LOG_TAIL_LINES,
      });
      return log.trimEnd() || undefined;
    } catch {
      return undefined;
    }
  }
}
