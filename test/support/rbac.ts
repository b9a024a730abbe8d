/**
 * An API request in RBAC terms, as the Kubernetes stand-in records it
 * (test/support/kube/kube-types.ts RequestRecord fits this shape).
 */
export interface ApiRequest {
  readonly verb: string;
  /** Further verbs the API server checks for this request (a websocket upgrade to pods/exec: `create`). */
  readonly alsoAuthorized?: readonly string[];
  /** '' (or absent) for the core group. */
  readonly apiGroup?: string;
  readonly resource: string;
  readonly subresource?: string;
  /** Absent for cluster-scoped resources and for requests across all namespaces. */
  readonly namespace?: string;
}

/** One verb on one resource (`pods/exec` for a subresource), in one namespace or cluster-wide. */
export interface Permission {
  readonly apiGroup: string;
  readonly resource: string;
  readonly verb: string;
  /** Undefined: granted cluster-wide (a ClusterRole bound by a ClusterRoleBinding), or needed outside any namespace. */
  readonly namespace?: string;
}

/** A rule of a Role or ClusterRole. */
export interface PolicyRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

const key = (p: Permission) => `${p.apiGroup}|${p.resource}|${p.verb}|${p.namespace ?? '*'}`;

function byGroupResourceVerbNamespace(a: Permission, b: Permission): number {
  const fields = (p: Permission) => [p.apiGroup, p.resource, p.verb, p.namespace ?? ''];
  const [x, y] = [fields(a), fields(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}

/** The permissions a list of requests needs: one per distinct verb, resource and namespace, sorted. */
export function deriveRbacFromRequests(requests: readonly ApiRequest[]): Permission[] {
  const needed = new Map<string, Permission>();
  for (const request of requests) {
    for (const verb of [request.verb, ...(request.alsoAuthorized ?? [])]) {
      const permission: Permission = {
        apiGroup: request.apiGroup ?? '',
        resource: request.subresource ? `${request.resource}/${request.subresource}` : request.resource,
        verb,
        ...(request.namespace !== undefined && { namespace: request.namespace }),
      };
      needed.set(key(permission), permission);
    }
  }
  return [...needed.values()].sort(byGroupResourceVerbNamespace);
}

/**
 * Expands a role's rules into single permissions, in `namespace` (a Role, or
 * a ClusterRole bound by a RoleBinding) or cluster-wide (undefined).
 * Wildcards and resourceNames are refused: a grant that names no exact verb
 * and resource cannot be matched against what the worker does.
 */
export function permissionsOfRules(rules: readonly PolicyRule[], namespace?: string): Permission[] {
  return rules.flatMap((rule) => {
    if (rule.nonResourceURLs || rule.resourceNames) throw new Error(`unsupported rule ${JSON.stringify(rule)}: list resources, not names or URLs`);
    const parts = [...(rule.apiGroups ?? []), ...(rule.resources ?? []), ...rule.verbs];
    if (parts.includes('*')) throw new Error(`wildcard in rule ${JSON.stringify(rule)}: grant exact verbs and resources`);
    return (rule.apiGroups ?? []).flatMap((apiGroup) =>
      (rule.resources ?? []).flatMap((resource) =>
        rule.verbs.map((verb) => ({ apiGroup, resource, verb, ...(namespace !== undefined && { namespace }) })),
      ),
    );
  });
}

function covers(grant: Permission, need: Permission): boolean {
  return (
    grant.apiGroup === need.apiGroup &&
    grant.resource === need.resource &&
    grant.verb === need.verb &&
    (grant.namespace === undefined || grant.namespace === need.namespace)
  );
}

/** Needed permissions no grant covers, and grants that cover no needed permission. */
export interface RbacComparison {
  readonly missing: Permission[];
  readonly unused: Permission[];
}

/**
 * Compares what is granted with what the requests needed: every request must
 * be allowed, and every grant must have allowed at least one request. A
 * cluster-wide grant must be needed as such: requests that a Role in their
 * namespace already allows do not justify it.
 */
export function compareRbac(granted: readonly Permission[], requests: readonly ApiRequest[]): RbacComparison {
  const needed = deriveRbacFromRequests(requests);
  const namespaced = granted.filter((grant) => grant.namespace !== undefined);
  const justifies = (grant: Permission, need: Permission) =>
    covers(grant, need) && (grant.namespace !== undefined || !namespaced.some((other) => covers(other, need)));
  return {
    missing: needed.filter((need) => !granted.some((grant) => covers(grant, need))),
    unused: granted.filter((grant) => !needed.some((need) => justifies(grant, need))),
  };
}
