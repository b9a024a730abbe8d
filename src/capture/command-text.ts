import { DEFAULT_SNAPLEN, type CaptureLimits, type CaptureSpec } from './capture-spec.js';
import { targetWords } from './capture-target.js';
import { formatDuration } from './duration.js';

/** Slack's own escaping of typed text; parseCaptureCommand undoes it. */
function asSlackSendsIt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Quotes the filter so the parser's quote stripping gives it back unchanged. A
 * filter holding both kinds of quote is left bare: the parser never strips
 * such a filter, so it never produces one that would need it.
 */
function quotedFilter(filter: string): string {
  if (!filter.includes('"')) return `"${filter}"`;
  if (!filter.includes("'")) return `'${filter}'`;
  return filter;
}

/**
 * The command text of a spec with every field spelled out (so later changes to
 * the defaults do not change what it asks for), encoded the way Slack delivers
 * typed text. For any spec parseCaptureCommand produced, parsing this text
 * again gives the same spec: it can travel in a button's value.
 */
export function captureCommandText(spec: CaptureSpec): string {
  const target = spec.target ? targetWords(spec.target) : spec.exactPod ? `pod/${spec.pod}` : spec.pod;
  // A node capture takes no namespace: it records every pod on the node.
  const namespace = spec.target?.kind === 'node' ? [] : ['-n', spec.namespace];
  const words = [target, ...namespace, formatDuration(spec.durationSeconds), '-s', String(spec.snaplen), '--driver', spec.driver];
  if (spec.container !== undefined) words.push('-c', spec.container);
  if (spec.cluster !== undefined) words.push('--cluster', spec.cluster);
  if (spec.filter !== undefined) words.push('--', quotedFilter(spec.filter));
  return asSlackSendsIt(words.join(' '));
}

/**
 * The command as a person would type it for this spec: only the settings that
 * differ from the defaults, plain text (not Slack-encoded). Used to offer a
 * corrected command in a refusal.
 */
export function typedCommandText(spec: CaptureSpec, limits: Pick<CaptureLimits, 'defaultDriver'>): string {
  const target = spec.target ? targetWords(spec.target) : spec.exactPod ? `pod/${spec.pod}` : spec.pod;
  const words = [target];
  if (spec.target?.kind !== 'node') words.push('-n', spec.namespace);
  if (spec.container !== undefined) words.push('-c', spec.container);
  words.push(formatDuration(spec.durationSeconds));
  if (spec.snaplen !== DEFAULT_SNAPLEN) words.push('-s', String(spec.snaplen));
  if (spec.driver !== limits.defaultDriver) words.push('--driver', spec.driver);
  if (spec.cluster !== undefined) words.push('--cluster', spec.cluster);
  if (spec.filter !== undefined) words.push('--', spec.filter);
  return words.join(' ');
}
