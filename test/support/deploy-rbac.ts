import { join } from 'node:path';
import { kustomizeBuild, type Manifest } from './kustomize.js';
import { compareRbac, permissionsOfRules, type ApiRequest, type Permission, type PolicyRule, type RbacComparison } from './rbac.js';
import { REPO_ROOT } from './repo-root.js';

interface Binding extends Manifest {
  roleRef: { apiGroup: string; kind: 'Role' | 'ClusterRole'; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
}

interface RoleObject extends Manifest {
  rules?: PolicyRule[];
}

export interface ServiceAccountRef {
  readonly name: string;
  readonly namespace: string;
}

/** The account the worker Deployment runs as. */
export const WORKER_ACCOUNT: ServiceAccountRef = { name: 'capturebot-worker', namespace: 'capturebot' };

/** The bindings among objects that name the service account as a subject. */
export function bindingsOf(objects: readonly Manifest[], account: ServiceAccountRef): Binding[] {
  return objects
    .filter((o): o is Binding => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')
    .filter((b) => (b.subjects ?? []).some((s) => s.kind === 'ServiceAccount' && s.name === account.name && s.namespace === account.namespace));
}

/**
 * Everything the manifests let a service account do, rule by rule: a
 * ClusterRoleBinding grants cluster-wide, a RoleBinding only in its namespace.
 * A binding to a role the manifests do not define is an error.
 */
export function grantedPermissions(objects: readonly Manifest[], account: ServiceAccountRef): Permission[] {
  return bindingsOf(objects, account).flatMap((binding) => {
    const namespace = binding.kind === 'RoleBinding' ? binding.metadata.namespace : undefined;
    if (binding.kind === 'RoleBinding' && namespace === undefined) throw new Error(`RoleBinding ${binding.metadata.name} has no namespace`);
    const role = objects.find(
      (o): o is RoleObject =>
        o.kind === binding.roleRef.kind &&
        o.metadata.name === binding.roleRef.name &&
        (o.kind === 'ClusterRole' || o.metadata.namespace === namespace),
    );
    if (!role) throw new Error(`${binding.kind} ${binding.metadata.name} refers to ${binding.roleRef.kind} ${binding.roleRef.name}, which is not defined`);
    return permissionsOfRules(role.rules ?? [], namespace);
  });
}

/**
 * What the end-to-end suite asserts about the requests the worker sent to the
 * Kubernetes stand-in (the worker's only, not the test's own set-up): both
 * lists empty means deploy/ grants exactly what the worker used.
 */
export function compareWorkerRbac(requests: readonly ApiRequest[], deployDir = join(REPO_ROOT, 'deploy')): RbacComparison {
  return compareRbac(grantedPermissions(kustomizeBuild(deployDir).objects, WORKER_ACCOUNT), requests);
}
