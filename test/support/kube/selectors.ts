import type { KubeObject } from './kube-types.js';

type LabelRequirement =
  | { readonly op: 'exists' | 'notexists'; readonly key: string }
  | { readonly op: 'in' | 'notin'; readonly key: string; readonly values: readonly string[] };

interface FieldRequirement {
  readonly path: string;
  readonly value: string;
  readonly negated: boolean;
}

/** A selector the request got wrong; the server answers 400 BadRequest. */
export class SelectorError extends Error {}

/** Splits on commas that are not inside `in (a,b)` parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current.trim());
  return terms.filter((t) => t !== '');
}

function parseLabelTerm(term: string): LabelRequirement {
  const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set) {
    const values = (set[3] ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
    return { op: set[2] === 'in' ? 'in' : 'notin', key: set[1] ?? '', values };
  }
  const eq = /^([\w./-]+)\s*(!=|==|=)\s*([\w.-]*)$/.exec(term);
  if (eq) {
    return { op: eq[2] === '!=' ? 'notin' : 'in', key: eq[1] ?? '', values: [eq[3] ?? ''] };
  }
  const exists = /^(!?)([\w./-]+)$/.exec(term);
  if (exists) return { op: exists[1] === '!' ? 'notexists' : 'exists', key: exists[2] ?? '' };
  throw new SelectorError(`unable to parse requirement: ${term}`);
}

function labelMatches(req: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[req.key];
  switch (req.op) {
    case 'exists':
      return value !== undefined;
    case 'notexists':
      return value === undefined;
    case 'in':
      return value !== undefined && req.values.includes(value);
    case 'notin':
      return value === undefined || !req.values.includes(value);
  }
}

function parseFieldTerm(term: string): FieldRequirement {
  const m = /^([\w.]+)\s*(!=|==|=)\s*(.*)$/.exec(term);
  if (!m) throw new SelectorError(`invalid selector: '${term}'; can't understand '${term}'`);
  return { path: m[1] ?? '', value: m[3] ?? '', negated: m[2] === '!=' };
}

function fieldValue(obj: KubeObject, path: string): string {
  let node: unknown = obj;
  for (const part of path.split('.')) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  return node === undefined || node === null ? '' : String(node);
}

/**
 * A predicate for `labelSelector` and `fieldSelector` as a list or watch request gives them.
 * fieldLabels: the fields the resource supports; any other is refused, as the API server does.
 */
export function compileSelectors(labelSelector?: string, fieldSelector?: string, fieldLabels?: readonly string[]): (obj: KubeObject) => boolean {
  const labels = splitTerms(labelSelector ?? '').map(parseLabelTerm);
  const fields = splitTerms(fieldSelector ?? '').map(parseFieldTerm);
  const unsupported = fieldLabels && fields.find((f) => !fieldLabels.includes(f.path));
  if (unsupported) throw new SelectorError(`field label not supported: ${unsupported.path}`);
  return (obj) =>
    labels.every((r) => labelMatches(r, obj.metadata.labels ?? {})) &&
    fields.every((f) => (fieldValue(obj, f.path) === f.value) !== f.negated);
}

/** The name a `metadata.name=` field selector pins a list or watch to (RBAC treats it as the request's name). */
export function nameFromFieldSelector(fieldSelector?: string): string | undefined {
  const term = splitTerms(fieldSelector ?? '').map(parseFieldTerm).find((f) => f.path === 'metadata.name' && !f.negated);
  return term?.value;
}
