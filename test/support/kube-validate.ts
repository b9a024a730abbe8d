import { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { Manifest } from './kustomize.js';

interface Validating {
  validate(): void;
}

/** The kinds our manifests use, each with its model generated from the Kubernetes OpenAPI schema. */
const MODELS: Record<string, (data: never) => Validating> = {
  'v1/Namespace': (data) => new Namespace(data),
  'v1/ServiceAccount': (data) => new ServiceAccount(data),
  'v1/ConfigMap': (data) => new ConfigMap(data),
  'v1/Service': (data) => new Service(data),
  'apps/v1/Deployment': (data) => new Deployment(data),
  'rbac.authorization.k8s.io/v1/Role': (data) => new Role(data),
  'rbac.authorization.k8s.io/v1/ClusterRole': (data) => new ClusterRole(data),
  'rbac.authorization.k8s.io/v1/RoleBinding': (data) => new RoleBinding(data),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': (data) => new ClusterRoleBinding(data),
  'networking.k8s.io/v1/NetworkPolicy': (data) => new NetworkPolicy(data),
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': (data) => new ValidatingAdmissionPolicy(data),
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': (data) => new ValidatingAdmissionPolicyBinding(data),
};

/**
 * Validates an object against its OpenAPI schema; returns the problems, none
 * when it is valid. The schemas do not refuse unknown fields, so a misspelt
 * field passes here: the invariant tests read the fields that matter.
 */
export function schemaProblems(object: Manifest): string[] {
  const model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!model) return [`no schema for ${object.apiVersion} ${object.kind}: add its model to test/support/kube-validate.ts`];
  try {
    model(object as never).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}
