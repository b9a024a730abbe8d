import type { Logger } from 'pino';
import type { AuditTrail } from '../capture/audit-event.js';
import type { CaptureJob } from '../capture/capture-job.js';
import type { CaptureArtifact } from '../capture/capture-status.js';
import { UserFacingError } from '../capture/user-facing-error.js';
import { jobAuditEvent } from './capture-audit.js';
import { alreadyDelivered } from './already-delivered.js';
import { endThrownCapture, statusReporter } from './capture-ending.js';
import type { CaptureSlots, SlotLease } from './capture-slots-port.js';
import { FRESH_RUN, type CaptureRun } from './capture-run.js';
import { startCapturingTicker } from './capturing-ticker.js';
import { summariseCapture } from './triage-capture.js';
import type { CaptureCluster, ProgressNotifier, TraceStore } from './ports.js';
import { processWideCapture } from './process-wide-capture.js';
import { takeSlot } from './take-slot.js';
import { uploadAndSign } from './upload-trace.js';
import { awaitUploadTurn, type UploadTurns } from './upload-turns.js';
import { reportingChanges, restartsDuring } from './scope-changes.js';
import { scopedFilter } from '../capture/container-scope.js';
import type { NodePods } from '../capture/capture-status.js';

export interface CaptureProcessorDeps {
  readonly cluster: CaptureCluster;
  readonly store: TraceStore;
  readonly notifier: ProgressNotifier;
  readonly log: Logger;
  readonly objectPrefix: string;
  readonly linkTtlSeconds: number;
  /** Records start, finish, failure and the issued link (never the link itself). */
  readonly audit?: AuditTrail;
  /** How long the triage summary may take; default DEFAULT_TRIAGE_TIMEOUT_MS. */
  readonly triageTimeoutMs?: number;
  /** MAX_CAPTURES_PER_NODE and MAX_CAPTURES; unset: no limit. */
  readonly slots?: CaptureSlots;
  /** MAX_NODES_PER_CAPTURE: how many nodes a workload, selector or node target may span; default 5. */
  readonly maxNodesPerCapture?: number;
  /** MAX_UPLOADS: how many traces stream to S3 at once; unset: no limit. */
  readonly uploads?: UploadTurns;
}

/**
 * One capture, stage by stage: target → capture pod → wait → upload → link.
 * Every name it uses derives from the job, so a retried job finds the same
 * pod and writes the same object. The capture pod is deleted whatever happens.
 */
export async function processCapture(job: CaptureJob, deps: CaptureProcessorDeps, signal: AbortSignal, run: CaptureRun = FRESH_RUN): Promise<CaptureArtifact> {
  if (job.target) return processWideCapture(job, deps, signal, run);
  const log = deps.log.child({ captureId: job.captureId });
  const changes = reportingChanges(statusReporter(job, deps.notifier, run, log));
  const report = changes.report;
  let podStarted = false;
  let lease: SlotLease | undefined;
  try {
    const delivered = run.progress.delivered;
    if (delivered) {
      podStarted = true;
      log.info('the link is in the channel already (an earlier attempt posted it): cleaning up');
      const node = run.progress.node ?? 'unknown';
      await report({ stage: 'done', node, sizeBytes: delivered.sizeBytes });
      return alreadyDelivered(job, delivered, node);
    }
    // An earlier attempt made the pod (it was killed or shut down since): re-attach to it, never make another.
    const resuming = run.progress.podCreated === true && run.progress.node !== undefined;
    const target = resuming ? undefined : await deps.cluster.findTarget(job);
    const node = resuming && run.progress.node ? run.progress.node : (target?.nodeName ?? 'unknown');
    const captured: NodePods[] = target ? [{ node, pods: [job.pod], containerIds: [...target.containerIds] }] : (run.progress.resolved ?? []);
    lease = await takeSlot(job, node, resuming, deps.slots, run, report);
    if (resuming) {
      log.info({ node }, 're-attaching to the capture pod an earlier attempt made');
      podStarted = true;
    } else {
      log.info({ node, target: `${job.namespace}/${job.pod}` }, 'capture starting');
      deps.audit?.record(jobAuditEvent(job, 'started', { node }));
      await report({ stage: 'starting', node });
      podStarted = true;
      // Scoped to the pod's own containers: the node's other processes never reach the trace.
      await deps.cluster.startCapturePod({ ...job, filter: scopedFilter(target?.containerIds ?? [], job.filter) }, node);
      await run.save({ node, podCreated: true, resolved: captured });
    }

    let stopTicker = () => {};
    const end = await deps.cluster
      .awaitCaptureEnd(job, {
        signal,
        onCapturing: (startedAt) => {
          stopTicker = startCapturingTicker(job.durationSeconds, startedAt, (elapsedSeconds) => {
            void report({ stage: 'capturing', node, elapsedSeconds, totalSeconds: job.durationSeconds });
          });
        },
      })
      .finally(() => stopTicker());
    if (!end.ok && resuming && end.podGone) {
      throw new UserFacingError(`the worker running this capture stopped, and its capture pod is gone, so it could not be resumed: run the capture again`);
    }
    if (!end.ok) {
      throw new UserFacingError(end.reason, end.logTail ? { detail: end.logTail } : undefined);
    }

    changes.note(await restartsDuring(job, captured, deps.cluster, log));
    // The trace stays in the holder container (the pod is not deleted) while it waits for a turn.
    const releaseTurn = await awaitUploadTurn(deps.uploads, signal, (place) => report({ stage: 'upload-waiting', node, place }));
    // The trace streams while Slack is told; every later status waits for this one, so none is overtaken.
    const uploading = report({ stage: 'uploading', node });
    const firstAttempt = run.firstAttempt && !resuming;
    const artifact = await uploadAndSign(job, node, { ...deps, log }, signal, { releaseTurn, firstAttempt }).finally(() => uploading);
    const { key, fileName, sizeBytes, sha256, expiresAt } = artifact;
    await deps.notifier.delivered(job, artifact);
    await run.save({ delivered: { key, fileName, sizeBytes, sha256, expiresAt: expiresAt.toISOString() } });
    log.info({ key, linkExpiresAt: expiresAt.toISOString() }, 'link issued');
    deps.audit?.record(jobAuditEvent(job, 'link-issued', { key, linkExpiresAt: expiresAt.toISOString() }));
    // The link is out; the capture pod (deleted below) stays until sysdig has read the trace for the summary.
    await report({ stage: 'summarising', node });
    await summariseCapture(job, [{ job, fileName, node }], { ...deps, log, timeoutMs: deps.triageTimeoutMs }, signal);
    await report({ stage: 'done', node, sizeBytes });
    deps.audit?.record(jobAuditEvent(job, 'finished', { node, key, sizeBytes, sha256 }));
    return artifact;
  } catch (error) {
    const ended = await endThrownCapture(error, { job, run, report, log, audit: deps.audit });
    if (ended.keepPods) podStarted = false;
    throw ended.error;
  } finally {
    await lease?.release().catch((error: unknown) => log.warn({ err: error }, 'capture slot could not be released; its lease expires'));
    if (podStarted) {
      await deps.cluster.deleteCapturePod(job).catch((error: unknown) => {
        log.error({ err: error }, 'capture pod could not be deleted; the janitor will retry');
      });
    }
  }
}
