import { matchesGlob } from './glob.js';
import type { Policy, PolicyRule } from './policy-schema.js';

/** The first rule whose namespace globs match; the defaults when none does. */
export function ruleFor(policy: Policy, namespace: string): PolicyRule | Policy['defaults'] {
  return policy.rules.find((rule) => rule.namespaces.some((glob) => matchesGlob(glob, namespace))) ?? policy.defaults;
}
