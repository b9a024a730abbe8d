import type { Logger } from 'pino';
import type { AuditTrail } from '../capture/audit-event.js';
import type { CaptureJob } from '../capture/capture-job.js';
import { captureResultSchema, fileNameOfKey, traceFilesOf } from '../capture/capture-result.js';
import type { CaptureArtifact } from '../capture/capture-status.js';
import type { RelinkRequest } from '../capture/relink-request.js';
import { jobAuditEvent } from './capture-audit.js';
import type { TraceStore } from './ports.js';

/** What the user who asked gets: new links to every trace of the capture, or word that there are none. */
export type FreshLinks =
  | { readonly kind: 'links'; readonly job: CaptureJob; readonly artifacts: readonly CaptureArtifact[] }
  | { readonly kind: 'none'; readonly captureId: string; readonly reason: string };

/** Shows fresh links to the user who asked, and to nobody else; the Slack implementation is in src/slack/. */
export interface FreshLinkNotifier {
  freshLinks(request: RelinkRequest, links: FreshLinks): Promise<void>;
}

/** A finished capture as the queue kept it: its job data and its return value. */
export interface FinishedCapture {
  readonly job: CaptureJob;
  readonly result: unknown;
}

export interface FreshLinkDeps {
  /** The finished capture, or undefined when it is not (or no longer) in the queue. */
  readonly findCapture: (captureId: string) => Promise<FinishedCapture | undefined>;
  readonly store: Pick<TraceStore, 'presign'>;
  readonly notifier: FreshLinkNotifier;
  readonly log: Logger;
  readonly audit: AuditTrail;
  readonly linkTtlSeconds: number;
}

/** What a relink job keeps in Redis: never the links themselves. */
export interface RelinkResult {
  readonly captureId: string;
  readonly userId: string;
  readonly files: number;
  readonly linkExpiresAt?: string;
}

/**
 * Presigns a finished capture's traces again for the user who clicked "Fresh
 * link" (the bot checked they are in the capture's channel and may request
 * captures in its namespace). Each link issued is audited (`fresh-link-issued`:
 * who, object key, expiry), the URLs never.
 */
export async function issueFreshLinks(request: RelinkRequest, deps: FreshLinkDeps): Promise<RelinkResult> {
  const log = deps.log.child({ captureId: request.captureId, user: request.userId });
  const found = await deps.findCapture(request.captureId);
  const result = captureResultSchema.safeParse(found?.result);
  if (!found || !result.success || found.job.channel !== request.channel) {
    log.warn('fresh link asked for a capture with no stored trace');
    await deps.notifier.freshLinks(request, { kind: 'none', captureId: request.captureId, reason: 'its traces are no longer kept (finished captures are forgotten after a week)' });
    return { captureId: request.captureId, userId: request.userId, files: 0 };
  }
  const { job } = found;
  const artifacts: CaptureArtifact[] = [];
  try {
    for (const file of traceFilesOf(result.data)) {
      const fileName = fileNameOfKey(file.key);
      const link = await deps.store.presign(file.key, fileName, deps.linkTtlSeconds);
      artifacts.push({ ...file, url: link.url, expiresAt: link.expiresAt, fileName, durationSeconds: job.durationSeconds, snaplen: job.snaplen });
      log.info({ key: file.key, linkExpiresAt: link.expiresAt.toISOString(), fresh: true }, 'link issued');
      deps.audit.record({ ...jobAuditEvent(job, 'fresh-link-issued', { key: file.key, linkExpiresAt: link.expiresAt.toISOString() }), who: request.userId });
    }
  } catch (error) {
    log.error({ err: error }, 'fresh link could not be signed');
    await deps.notifier.freshLinks(request, { kind: 'none', captureId: request.captureId, reason: 'the trace store could not sign a link; try again in a moment' });
    throw error;
  }
  await deps.notifier.freshLinks(request, { kind: 'links', job, artifacts });
  return { captureId: request.captureId, userId: request.userId, files: artifacts.length, linkExpiresAt: artifacts[0]?.expiresAt.toISOString() };
}
