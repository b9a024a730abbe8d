import { evaluate } from '@marcbachmann/cel-js';
import type { IValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import type { IValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { selects } from './label-selector.js';

/** What the API server hands a validating admission policy: one request on one object. */
export interface AdmissionRequest {
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace: string;
  /** The labels of the request's namespace, for the namespaceSelector. */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly object: unknown;
  readonly oldObject?: unknown;
}

/** Not judged (out of the policy's scope), admitted, or denied with the message of every failed rule. */
export type AdmissionVerdict = { readonly judged: false } | { readonly judged: true; readonly denied: readonly string[] };

type Context = Record<string, unknown>;

/**
 * The API server's ValidatingAdmissionPolicy evaluation for one policy and its
 * binding: matchConstraints (resource rules and namespaceSelector),
 * matchConditions, variables in order, then every validation. As with
 * failurePolicy Fail, an expression that fails to evaluate denies, with its
 * error in the message: a hostile object must be refused by a rule's own
 * message, not by an error.
 */
export function admissionVerdict(policy: IValidatingAdmissionPolicy, binding: IValidatingAdmissionPolicyBinding, request: AdmissionRequest): AdmissionVerdict {
  const spec = policy.spec!;
  if (binding.spec?.policyName !== policy.metadata?.name) return { judged: false };
  if (!inScope(spec.matchConstraints, request)) return { judged: false };
  const context: Context = {
    object: request.object,
    oldObject: request.oldObject ?? null,
    request: { operation: request.operation, namespace: request.namespace, resource: { group: '', version: 'v1', resource: request.resource }, subResource: request.subresource ?? '' },
    params: null,
  };
  for (const condition of spec.matchConditions ?? []) {
    const result = run(condition.expression, context);
    if (result instanceof Error) return { judged: true, denied: [`match condition ${condition.name}: ${result.message}`] };
    if (result !== true) return { judged: false };
  }
  const variables: Record<string, unknown> = {};
  context['variables'] = variables;
  for (const variable of spec.variables ?? []) {
    const value = run(variable.expression, context);
    // An unusable variable fails the validations that read it, as in the API server.
    variables[variable.name] = value;
    if (value instanceof Error) return { judged: true, denied: [`variable ${variable.name}: ${value.message}`] };
  }
  const denied: string[] = [];
  for (const validation of spec.validations ?? []) {
    const result = run(validation.expression, context);
    if (result === true) continue;
    if (result instanceof Error) {
      denied.push(`expression error: ${result.message} in ${validation.expression.trim()}`);
      continue;
    }
    const message = validation.messageExpression ? run(validation.messageExpression, context) : undefined;
    denied.push(typeof message === 'string' ? message : (validation.message ?? `failed expression: ${validation.expression.trim()}`));
  }
  const enforced = binding.spec?.validationActions?.includes('Deny') ?? false;
  return { judged: true, denied: enforced ? denied : [] };
}

function run(expression: string, context: Context): unknown {
  try {
    return evaluate(expression, context);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

type Constraints = NonNullable<IValidatingAdmissionPolicy['spec']>['matchConstraints'];

function inScope(constraints: Constraints, request: AdmissionRequest): boolean {
  if (!constraints) return false;
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  const ruleMatches = (constraints.resourceRules ?? []).some(
    (rule) =>
      (rule.apiGroups ?? []).some((g) => g === '' || g === '*') &&
      (rule.apiVersions ?? []).some((v) => v === 'v1' || v === '*') &&
      (rule.operations ?? []).some((op) => op === request.operation || op === '*') &&
      (rule.resources ?? []).some((r) => r === resource || r === '*' || (r === `${request.resource}/*` && request.subresource !== undefined)),
  );
  const excluded = (constraints.excludeResourceRules ?? []).length > 0;
  if (excluded) throw new Error('excludeResourceRules is not implemented by this test evaluator');
  return ruleMatches && selects(constraints.namespaceSelector ?? {}, request.namespaceLabels) && selects(constraints.objectSelector ?? {}, labelsOf(request.object));
}

function labelsOf(object: unknown): Record<string, string> {
  return (object as { metadata?: { labels?: Record<string, string> } } | undefined)?.metadata?.labels ?? {};
}
