import { candidateWords } from './resolve-target.js';
import type { NameSuggestion, ResolutionNote, TargetResolution } from './target-resolution.js';
import type { Workload } from './capture-target.js';
import { workloadWords } from './capture-target.js';

/** A code span for names from the cluster or the command (mrkdwn-escaped by the message builders). */
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** `deployment `web`` */
function workloadText(workload: Workload): string {
  return `${workload.kind} ${code(workload.name)}`;
}

function suggestionText(suggestion: NameSuggestion): string {
  if (suggestion.kind === 'pod') return `${code(suggestion.name)} (pod${suggestion.status ? `, ${suggestion.status}` : ''})`;
  return `${code(candidateWords(suggestion))} (${suggestion.kind}, ${plural(suggestion.pods, 'running pod')})`;
}

/**
 * How to type the same command for another target or namespace: given by the
 * bot, which has the command's other options; absent in the worker.
 */
export type Retype = (target: string, namespace: string) => string;

function lookedText(failure: Extract<TargetResolution, { kind: 'not-found' }>, namespace: string): string {
  const where = `in namespace ${code(namespace)}`;
  switch (failure.looked) {
    case 'name':
      return `Nothing named ${code(failure.name)} runs ${where}: no pod, workload or pod name starting with it.`;
    case 'pod':
      return `Pod ${code(failure.name)} not found ${where}.`;
    case 'selector':
      return `No running pod ${where} has the labels ${code(failure.name)}.`;
    case 'node':
      return `Node ${code(failure.name)} not found.`;
    default:
      return `No pod of ${failure.looked} ${code(failure.name)} exists ${where} (or there is no such ${failure.looked}).`;
  }
}

/**
 * Why nothing will be captured, in one to three sentences that say what does
 * exist: suggestions, other namespaces, pods and their phases. Plain text
 * with code spans; the caller escapes it for mrkdwn.
 */
export function resolutionProblemText(failure: Exclude<TargetResolution, { kind: 'resolved' }>, namespace: string, retype?: Retype): string {
  switch (failure.kind) {
    case 'not-found': {
      const lines = [lookedText(failure, namespace)];
      if (failure.suggestions.length > 0) lines.push(`Did you mean ${failure.suggestions.map(suggestionText).join(', ')}?`);
      for (const other of failure.elsewhere) {
        const how = retype ? `: ${code(retype(candidateWords(other), other.namespace))}` : '';
        lines.push(`${code(other.name)} runs in namespace ${code(other.namespace)}${how}`);
      }
      return lines.join(' ');
    }
    case 'not-running': {
      const what = failure.what.kind === 'pod' ? `pod ${code(failure.what.name)}` : `${failure.what.kind} ${code(failure.what.name)}`;
      const pods = failure.pods.slice(0, 5).map((pod) => `${code(pod.name)} ${pod.status}`);
      const more = failure.pods.length > 5 ? ` and ${failure.pods.length - 5} more` : '';
      if (failure.what.kind === 'pod' && failure.pods.length === 1 && failure.pods[0]) {
        return `Pod ${code(failure.pods[0].name)} in namespace ${code(namespace)} is ${failure.pods[0].status}, not Running: only a running pod can be captured.`;
      }
      return `${what[0]?.toUpperCase()}${what.slice(1)} in namespace ${code(namespace)} has no running pod: ${pods.join(', ')}${more}.`;
    }
    case 'ambiguous': {
      const first = failure.candidates[0];
      const example = first && retype ? ` e.g. ${code(retype(candidateWords(first), namespace))}` : '';
      return `${code(failure.name)} fits more than one workload in namespace ${code(namespace)}: ${failure.candidates.map(suggestionText).join(', ')}. Name one,${example || ' as `deploy/NAME`'}.`;
    }
    case 'no-container': {
      const pods = failure.pods.slice(0, 3).map((pod) => `${code(pod.name)} has ${pod.containers.map(code).join(', ')}`);
      return `No running container named ${code(failure.container)} in the pods matched: ${pods.join('; ')}.`;
    }
    case 'too-many-nodes': {
      const shown = failure.nodes.length > 8 ? `${failure.nodes.slice(0, 8).join(', ')}, …` : failure.nodes.join(', ');
      return (
        `${failure.what} runs ${plural(failure.pods, 'pod')} on ${failure.nodes.length} nodes (${shown}), more nodes than one capture may span ` +
        `(MAX_NODES_PER_CAPTURE is ${failure.max}): nothing was started. Narrow it with \`-l\` or capture single pods.`
      );
    }
  }
}

/** What a reply adds when the target is not literally what was typed. */
export function resolutionNoteText(note: ResolutionNote): string {
  switch (note.kind) {
    case 'pod-over-workload':
      return `${code(note.name)} is a pod and also ${note.workloads.map(workloadText).join(' and ')}: capturing the pod; for the ${note.workloads.length === 1 ? note.workloads[0]?.kind : 'workload'} write ${note.workloads.map((w) => code(workloadWords(w))).join(' or ')}.`;
    case 'workload':
      return `${code(note.name)} is ${workloadText(note.workload)}.`;
    case 'prefix':
      return note.pods === 1
        ? `${code(note.name)} is the start of one pod's name${note.workload ? ` (of ${workloadText(note.workload)})` : ''}: capturing it.`
        : `${code(note.name)} is the start of ${note.pods} pods' names, all of ${note.workload ? workloadText(note.workload) : 'one workload'}: capturing those.`;
  }
}
