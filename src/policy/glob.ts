/** A namespace glob: namespace characters plus the wildcards `*` (any run) and `?` (one character). */
export const NAMESPACE_GLOB = /^[a-z0-9*?-]{1,63}$/;

/** True when `namespace` matches `glob` as a whole; `*` may match nothing. */
export function matchesGlob(glob: string, namespace: string): boolean {
  const pattern = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/[*?]/g, (wildcard) => (wildcard === '*' ? '.*' : '.'));
  return new RegExp(`^${pattern}$`, 's').test(namespace);
}
