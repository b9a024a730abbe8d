import type { V1LabelSelector } from '@kubernetes/client-node';

/**
 * A workload's spec.selector as the label selector text a pod list takes:
 * `app=web,tier in (a,b),!canary`. Undefined for a selector that selects
 * nothing (no requirement at all, or an operator this does not know).
 */
export function labelSelectorText(selector: V1LabelSelector | undefined): string | undefined {
  const terms = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const expression of selector?.matchExpressions ?? []) {
    const values = (expression.values ?? []).join(',');
    switch (expression.operator) {
      case 'In':
        terms.push(`${expression.key} in (${values})`);
        break;
      case 'NotIn':
        terms.push(`${expression.key} notin (${values})`);
        break;
      case 'Exists':
        terms.push(expression.key);
        break;
      case 'DoesNotExist':
        terms.push(`!${expression.key}`);
        break;
      default:
        return undefined;
    }
  }
  return terms.length > 0 ? terms.join(',') : undefined;
}
