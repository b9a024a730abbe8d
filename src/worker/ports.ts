import type { Readable } from 'node:stream';
import type { CaptureJob, CapturePodJob } from '../capture/capture-job.js';
import type { CaptureArtifact, CaptureStatus, NodePods } from '../capture/capture-status.js';
import type { TargetRequest } from '../capture/resolve-target.js';
import type { TargetResolution } from '../capture/target-resolution.js';
import type { PeerOwners } from '../triage/cluster-peer.js';
import type { TriageReport } from './triage-report.js';

/** The pod a capture targets, as the cluster reports it. */
export interface TargetPod {
  readonly name: string;
  readonly namespace: string;
  readonly nodeName: string;
  /** The ids of its running containers (only `-c CONTAINER`'s, when named): the capture's scope. */
  readonly containerIds: readonly string[];
}

/** How the capture container ended. */
export type CaptureEnd =
  | { readonly ok: true }
  /** podGone: the pod was not there (any more) to watch. */
  | { readonly ok: false; readonly reason: string; readonly logTail?: string; readonly podGone?: boolean };

/** What the worker needs from Kubernetes; implemented in src/kube/. */
export interface CaptureCluster {
  /** What a typed target captures in this cluster: pods, nodes and container ids, or why nothing (never throws for that). */
  resolve(request: TargetRequest): Promise<TargetResolution>;
  /** The running target pod; throws UserFacingError when it is missing or not Running. */
  findTarget(job: CaptureJob): Promise<TargetPod>;
  /**
   * The running pods a workload, label selector or node target (job.target)
   * matches, grouped by node, nodes and pods sorted by name; throws
   * UserFacingError when the target does not exist or nothing of it runs.
   */
  resolveTargets(job: CaptureJob): Promise<NodePods[]>;
  /** Creates the capture pod on the node; a pod that already exists (a retried job) is kept. */
  startCapturePod(job: CapturePodJob, nodeName: string): Promise<void>;
  /** Watches the capture pod until the capture container has ended. */
  awaitCaptureEnd(job: CapturePodJob, hooks: CaptureWatchHooks): Promise<CaptureEnd>;
  /** The trace's bytes, read out of the holder container; errors if the read fails. */
  openTrace(job: CapturePodJob): Readable;
  /** Deletes the capture pod; a pod already gone is not an error. */
  deleteCapturePod(job: CapturePodJob): Promise<void>;
  /** Where the trace lies inside the capture pod's holder container. */
  tracePath(job: CapturePodJob): string;
  /** Runs argv in the holder container (no shell); resolves with its stdout when it exits 0, rejects otherwise. */
  runInCapturePod(job: CapturePodJob, argv: readonly string[], options: PodCommandOptions): Promise<PodCommandOutput>;
  /**
   * Which pod (by pod IP) or Service (by cluster IP) owns each address: one
   * list of each across the cluster, whatever the number of addresses. Never
   * rejects; a list that failed is named in failures.
   */
  lookupPeerOwners(ips: readonly string[], options: PeerLookupOptions): Promise<PeerOwnersLookup>;
}

export interface PeerLookupOptions {
  /** Both lists are given up after this long. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface PeerOwnersLookup {
  readonly owners: PeerOwners;
  /** Lists that failed (403, timeout…): their kind of owner is not named. */
  readonly failures: readonly { readonly resource: 'pods' | 'services'; readonly reason: string }[];
}

export interface PodCommandOptions {
  /** Stdout past this many bytes is not read: the output is then marked cut. */
  readonly maxOutputBytes: number;
  /** The command is given up (and rejected) after this long. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface PodCommandOutput {
  readonly stdout: string;
  /** Stdout went past maxOutputBytes; what follows the limit was not read. */
  readonly cut: boolean;
}

export interface CaptureWatchHooks {
  readonly signal: AbortSignal;
  /** Called once, when the capture container is seen running. */
  readonly onCapturing: (startedAt: Date) => void;
}

export interface TraceMetadata {
  readonly fileName: string;
  readonly captureId: string;
  readonly requestedBy: string;
}

export interface PutOptions {
  /** No earlier attempt of this capture can have started an upload of the key, so there are no leftovers to look for. */
  readonly firstAttempt?: boolean;
}

/** What the worker needs from object storage; implemented in src/storage/. */
export interface TraceStore {
  /** Streams body into the object (multipart); a failed upload leaves no partial object. */
  put(key: string, body: Readable, metadata: TraceMetadata, signal?: AbortSignal, options?: PutOptions): Promise<void>;
  /** A presigned GET link that downloads as fileName. */
  presign(key: string, fileName: string, ttlSeconds: number): Promise<{ url: string; expiresAt: Date }>;
}

/** How the worker reports progress; the Slack implementation is in src/slack/. */
export interface ProgressNotifier {
  /** Updates the capture's status message in place. */
  status(job: CaptureJob, status: CaptureStatus): Promise<void>;
  /** Posts the link and its details in the status message's thread. */
  delivered(job: CaptureJob, artifact: CaptureArtifact): Promise<void>;
  /** Posts what the trace showed (or why there is no summary) in the same thread. */
  summarised(job: CaptureJob, report: TriageReport): Promise<void>;
}
