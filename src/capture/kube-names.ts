import { showToken } from './show-token.js';

/** DNS-1123 label: what a namespace name must be. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1123 subdomain: what a pod name must be. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LINK = /^[a-z][a-z0-9+.-]*:\/\//i;

export type KubeNameKind = 'pod' | 'namespace';

const RULES = {
  pod: { pattern: DNS1123_SUBDOMAIN, maxLength: 253, characters: 'lowercase letters, digits, `-` and `.`' },
  namespace: { pattern: DNS1123_LABEL, maxLength: 63, characters: 'lowercase letters, digits and `-`' },
} as const;

export function isKubeName(kind: KubeNameKind, name: string): boolean {
  const rule = RULES[kind];
  return name.length <= rule.maxLength && rule.pattern.test(name);
}

/** What a word that Slack turned into a mention, channel or link is, if it is one. */
export function slackReference(word: string): string | undefined {
  if (word.startsWith('@')) return 'a Slack mention';
  if (word.startsWith('#')) return 'a Slack channel';
  if (LINK.test(word) || word.startsWith('mailto:')) return 'a link';
  return undefined;
}

/**
 * Why `name` cannot be a pod name (a DNS-1123 subdomain, at most 253
 * characters) or a namespace name (a DNS-1123 label, at most 63), in one
 * sentence that quotes it; undefined when it is a valid name.
 */
export function kubeNameProblem(kind: KubeNameKind, name: string): string | undefined {
  if (isKubeName(kind, name)) return undefined;
  const rule = RULES[kind];
  const reference = slackReference(name);
  if (reference) {
    const bare = name.slice(1);
    const hint = name.startsWith('#') && isKubeName(kind, bare) ? `; write ${showToken(bare)} without the \`#\`` : '';
    return `${showToken(name)} is ${reference}, not a ${kind} name${hint}.`;
  }
  if (name.length > rule.maxLength) {
    return `The ${kind} name ${showToken(name)} is ${name.length} characters long; Kubernetes allows at most ${rule.maxLength}.`;
  }
  const lower = name.toLowerCase();
  if (lower !== name && isKubeName(kind, lower)) {
    return `The ${kind} name ${showToken(name)} has capital letters, but Kubernetes names are lowercase: did you mean ${showToken(lower)}?`;
  }
  return `${showToken(name)} is not a valid ${kind} name: Kubernetes ${kind} names are ${rule.characters}, and start and end with a letter or digit.`;
}
