import type { CaptureSpec } from '../capture/capture-spec.js';
import { DEFAULT_SNAPLEN } from '../capture/capture-spec.js';
import { formatDuration } from '../capture/duration.js';
import { resolutionNoteText, resolutionProblemText, type Retype } from '../capture/resolution-text.js';
import type { ResolutionNote, TargetResolution } from '../capture/target-resolution.js';
import type { ResolveAnswer } from '../queue/resolve-queue.js';
import { escapeMrkdwn } from './mrkdwn.js';

/**
 * The same command with another target and namespace, as a person would type
 * it: their duration, container and filter kept, the snaplen and driver only
 * when they are not the usual ones.
 */
export function retypeFor(spec: CaptureSpec): Retype {
  return (target, namespace) => {
    const words = ['/capture', target, '-n', namespace, formatDuration(spec.durationSeconds)];
    if (spec.snaplen !== DEFAULT_SNAPLEN) words.push('-s', String(spec.snaplen));
    if (spec.driver !== 'modern-bpf') words.push('--driver', spec.driver);
    if (spec.container !== undefined) words.push('-c', spec.container);
    if (spec.cluster !== undefined) words.push('--cluster', spec.cluster);
    if (spec.filter !== undefined) words.push('--', spec.filter);
    return words.join(' ');
  };
}

/** Nothing will be captured: what was wrong with the target, with what does exist. */
export function unresolvedText(failure: Exclude<TargetResolution, { kind: 'resolved' }>, spec: CaptureSpec): string {
  return `:mag: ${escapeMrkdwn(resolutionProblemText(failure, spec.namespace, retypeFor(spec)))}\nNothing was started.`;
}

/** The resolve step did not get an answer. */
export function resolveFailedText(answer: Exclude<ResolveAnswer, { kind: 'answer' }>): string {
  switch (answer.kind) {
    case 'no-worker':
      return `:warning: No capturebot worker answered within ${answer.waitedSeconds}s, so no worker is running (or none reaches Redis): nothing was started. Check the worker pods (\`kubectl -n capturebot get pods\`), then try again.`;
    case 'unavailable':
      return `:warning: Not started: ${escapeMrkdwn(answer.reason)}. Nothing was started; try again when it is back.`;
    case 'failed':
      return `:warning: The worker could not look the target up: ${escapeMrkdwn(answer.reason)}. Nothing was started.`;
  }
}

/** Notes on what a name turned out to be, one line each, for the ack. */
export function notesText(notes: readonly ResolutionNote[]): string {
  return notes
    .filter((note) => note.kind !== 'workload')
    .map((note) => `\n:information_source: ${escapeMrkdwn(resolutionNoteText(note))}`)
    .join('');
}

