import { describe, expect, it } from 'vitest';
import { isKubeName, kubeNameProblem } from './kube-names.js';

describe('isKubeName', () => {
  it.each<['pod' | 'namespace', string, boolean]>([
    ['pod', 'web-1', true],
    ['pod', 'web-1.shop', true],
    ['pod', '0', true],
    ['pod', 'a'.repeat(253), true],
    ['pod', 'a'.repeat(254), false],
    ['pod', 'web-1.', false],
    ['pod', '.web', false],
    ['pod', 'web..1', false],
    ['pod', '-web', false],
    ['pod', 'Web', false],
    ['pod', 'wéb', false],
    ['pod', '', false],
    ['namespace', 'kube-system', true],
    ['namespace', 'a'.repeat(63), true],
    ['namespace', 'a'.repeat(64), false],
    ['namespace', 'prod.eu', false],
    ['namespace', 'prod-', false],
  ])('%s %j → %s', (kind, name, valid) => {
    expect(isKubeName(kind, name)).toBe(valid);
    expect(kubeNameProblem(kind, name) === undefined).toBe(valid);
  });
});

describe('kubeNameProblem', () => {
  it('suggests the lowercase name when that one is valid', () => {
    expect(kubeNameProblem('pod', 'Web-1')).toBe('The pod name `Web-1` has capital letters, but Kubernetes names are lowercase: did you mean `web-1`?');
  });

  it('says what the allowed characters are when lowercasing does not help', () => {
    expect(kubeNameProblem('namespace', 'Prod_EU')).toBe(
      '`Prod_EU` is not a valid namespace name: Kubernetes namespace names are lowercase letters, digits and `-`, and start and end with a letter or digit.',
    );
  });

  it('names Slack mentions, channels and links for what they are', () => {
    expect(kubeNameProblem('pod', '@U024BE7LH')).toBe('`@U024BE7LH` is a Slack mention, not a pod name.');
    expect(kubeNameProblem('namespace', '#prod')).toBe('`#prod` is a Slack channel, not a namespace name; write `prod` without the `#`.');
    expect(kubeNameProblem('pod', 'http://x.example')).toBe('`http://x.example` is a link, not a pod name.');
  });
});
