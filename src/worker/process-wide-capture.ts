import type { CaptureJob } from '../capture/capture-job.js';
import type { CaptureArtifact, NodePods } from '../capture/capture-status.js';
import { UserFacingError } from '../capture/user-facing-error.js';
import { jobAuditEvent } from './capture-audit.js';
import { endThrownCapture, statusReporter } from './capture-ending.js';
import { awaitNodeCapture, deliverNodeTrace, type NodeOutcome } from './capture-on-node.js';
import type { CaptureRun } from './capture-run.js';
import type { SlotLease } from './capture-slots-port.js';
import { alreadyDelivered } from './already-delivered.js';
import { startCapturingTicker } from './capturing-ticker.js';
import { DEFAULT_MAX_NODES_PER_CAPTURE, mergedArtifact, nodeShare, tooManyNodes, type NodeShare } from './node-share.js';
import type { CaptureProcessorDeps } from './process-capture.js';
import { takeSlot } from './take-slot.js';
import { summariseCapture } from './triage-capture.js';
import { reportingChanges, restartsDuring } from './scope-changes.js';
import { podsChangedText } from '../capture/resolution-changes.js';
import { wideUploadTurns } from './wide-upload-turns.js';

/**
 * A capture over a workload, a label selector or a node: resolve the target
 * to pods and nodes (at most MAX_NODES_PER_CAPTURE), one capture pod per node
 * filtered to that node's pods, all under the one status message; each
 * node's link goes to the thread as soon as its trace is stored, then one
 * summary merged over every node. Every pod is deleted at the end.
 */
export async function processWideCapture(job: CaptureJob, deps: CaptureProcessorDeps, signal: AbortSignal, run: CaptureRun): Promise<CaptureArtifact> {
  const log = deps.log.child({ captureId: job.captureId });
  const changes = reportingChanges(statusReporter(job, deps.notifier, run, log));
  const report = changes.report;
  const stopped = () => {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('the capture was stopped');
  };
  const leases: SlotLease[] = [];
  let shares: NodeShare[] = [];
  let podsStarted = false;
  try {
    const resuming = run.progress.podCreated === true && run.progress.resolved !== undefined;
    const resolved: NodePods[] = resuming && run.progress.resolved ? run.progress.resolved : await deps.cluster.resolveTargets(job);
    const max = deps.maxNodesPerCapture ?? DEFAULT_MAX_NODES_PER_CAPTURE;
    if (resolved.length > max) throw tooManyNodes(job, resolved, max);
    if (!resuming) changes.note(podsChangedText(job.resolved, resolved));
    const nodes = resolved.map((entry) => entry.node).join(', ');
    for (const entry of resolved) {
      const lease = await takeSlot(job, entry.node, resuming, deps.slots, run, report);
      if (lease) leases.push(lease);
    }
    shares = resolved.map((entry, index) => nodeShare(job, entry, index, resuming));
    podsStarted = true;
    if (resuming) {
      log.info({ nodes }, 're-attaching to the capture pods an earlier attempt made');
    } else {
      log.info({ nodes, pods: resolved }, 'capture starting');
      deps.audit?.record(jobAuditEvent(job, 'started', { node: nodes }));
      await report({ stage: 'starting', node: nodes, resolved });
      await Promise.all(shares.map((share) => deps.cluster.startCapturePod(share, share.part.node)));
      await run.save({ node: nodes, resolved: resolved.map((entry) => ({ ...entry, pods: [...entry.pods], containerIds: [...(entry.containerIds ?? [])] })), podCreated: true });
    }

    const earlier = run.progress.parts ?? [];
    const pending = shares.filter((share) => !earlier.some((part) => part.index === share.part.index));
    let stopTicker = () => {};
    let ticking = false;
    const onCapturing = (startedAt: Date) => {
      if (ticking) return;
      ticking = true;
      stopTicker = startCapturingTicker(job.durationSeconds, startedAt, (elapsedSeconds) => {
        void report({ stage: 'capturing', node: nodes, elapsedSeconds, totalSeconds: job.durationSeconds, resolved });
      });
    };
    const ended = await Promise.all(pending.map((share) => awaitNodeCapture(share, deps, { signal, onCapturing, resuming }))).finally(() => stopTicker());
    stopped();

    changes.note(await restartsDuring(job, resolved, deps.cluster, log));
    const captured = pending.filter((_, index) => ended[index] === undefined);
    const outcomes: NodeOutcome[] = pending.flatMap((share, index) => {
      const failure = ended[index];
      return failure === undefined ? [] : [{ share, failure }];
    });
    const takeTurn = wideUploadTurns(deps.uploads, signal, report, { node: nodes, resolved });
    const delivered = [...earlier];
    let saving = Promise.resolve();
    const deliveries = await Promise.all(
      captured.map(async (share) => {
        const outcome = await deliverNodeTrace(job, share, deps, signal, { takeTurn: () => takeTurn(share.part.index), firstAttempt: run.firstAttempt && !resuming });
        if ('artifact' in outcome) {
          const { key, fileName, sizeBytes, sha256, expiresAt } = outcome.artifact;
          delivered.push({ index: share.part.index, node: share.part.node, key, fileName, sizeBytes, sha256, expiresAt: expiresAt.toISOString() });
          // One save after another, each with every part so far: a later attempt never posts these links again.
          saving = saving.then(() => run.save({ parts: [...delivered] }));
        }
        return outcome;
      }),
    );
    await saving;
    stopped();
    outcomes.push(...deliveries);

    const artifacts = [
      ...earlier.map((part) => alreadyDelivered(job, part, part.node)),
      ...deliveries.flatMap((outcome) => ('artifact' in outcome ? [outcome.artifact] : [])),
    ];
    const shareByNode = new Map(shares.map((share) => [share.part.node, share]));
    artifacts.sort((a, b) => (shareByNode.get(a.node)?.part.index ?? 0) - (shareByNode.get(b.node)?.part.index ?? 0));
    if (artifacts.length > 0) {
      await report({ stage: 'summarising', node: nodes, resolved });
      const traces = artifacts.flatMap((artifact) => {
        const share = shareByNode.get(artifact.node);
        return share ? [{ job: share, fileName: artifact.fileName, node: artifact.node }] : [];
      });
      await summariseCapture(job, traces, { ...deps, log, timeoutMs: deps.triageTimeoutMs }, signal);
    }

    const failures = outcomes.filter((outcome): outcome is Extract<NodeOutcome, { failure: string }> => 'failure' in outcome);
    if (failures.length > 0) {
      const why = failures.map((outcome) => `on node ${outcome.share.part.node}: ${outcome.failure}`).join('; ');
      const others = artifacts.length > 0 ? ` The links of ${artifacts.map((artifact) => artifact.node).join(', ')} are in the thread.` : '';
      throw new UserFacingError(`the capture failed ${why}.${others}`);
    }
    const artifact = mergedArtifact(artifacts);
    await report({ stage: 'done', node: nodes, sizeBytes: artifact.sizeBytes, resolved });
    deps.audit?.record(jobAuditEvent(job, 'finished', { node: nodes, key: artifact.key, sizeBytes: artifact.sizeBytes }));
    return artifact;
  } catch (error) {
    const ended = await endThrownCapture(error, { job, run, report, log, audit: deps.audit });
    if (ended.keepPods) podsStarted = false;
    throw ended.error;
  } finally {
    for (const lease of leases) await lease.release().catch((error: unknown) => log.warn({ err: error }, 'capture slot could not be released; its lease expires'));
    if (podsStarted) {
      await Promise.all(
        shares.map((share) =>
          deps.cluster.deleteCapturePod(share).catch((error: unknown) => log.error({ err: error, node: share.part.node }, 'capture pod could not be deleted; the janitor will retry')),
        ),
      );
    }
  }
}
