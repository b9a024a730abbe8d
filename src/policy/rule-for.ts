import { DEFAULT_CLUSTER } from '../capture/cluster-name.js';
import type { ChannelDefaults } from '../capture/capture-spec.js';
import { matchesGlob } from './glob.js';
import type { Policy, PolicyRule } from './policy-schema.js';

/** The first rule whose namespace globs, and cluster globs if it has any, match; the defaults when none does. */
export function ruleFor(policy: Policy, namespace: string, cluster: string = DEFAULT_CLUSTER): PolicyRule | Policy['defaults'] {
  return (
    policy.rules.find(
      (rule) => rule.namespaces.some((glob) => matchesGlob(glob, namespace)) && (rule.clusters === undefined || rule.clusters.some((glob) => matchesGlob(glob, cluster))),
    ) ?? policy.defaults
  );
}

/** The namespace and cluster the policy's `channels:` sets for commands from this channel (none without a policy). */
export function channelDefaults(policy: Policy | undefined, channel: string): ChannelDefaults {
  return policy?.channels[channel] ?? {};
}
