import type { Manifest } from './kustomize.js';

/** A Kustomize replacement, in the subset our deploy/ uses. */
export interface Replacement {
  readonly source: { readonly kind?: string; readonly name?: string; readonly fieldPath: string };
  readonly targets: readonly {
    readonly select: { readonly kind?: string; readonly name?: string };
    readonly fieldPaths: readonly string[];
    readonly options?: { readonly delimiter?: string; readonly index?: number };
  }[];
}

const SOURCE_KEYS = new Set(['kind', 'name', 'fieldPath']);
const TARGET_KEYS = new Set(['select', 'fieldPaths', 'options']);
const OPTION_KEYS = new Set(['delimiter', 'index']);

/**
 * Kustomize's `replacements`: copies one field's value into fields of other
 * objects, or, with a delimiter, into one part of them (`options.index`).
 * Refuses what it does not implement (reject, create, a source by other
 * fields) and a source or target field that is missing, as kustomize does.
 */
export function applyReplacements(objects: readonly Manifest[], replacements: readonly Replacement[], file: string): Manifest[] {
  let result = [...objects];
  for (const { source, targets } of replacements) {
    refuseUnknown(source, SOURCE_KEYS, `${file}: replacement source`);
    const from = result.filter((o) => matches(o, source));
    if (from.length !== 1) throw new Error(`${file}: replacement source ${JSON.stringify(source)} matches ${from.length} objects`);
    const value = read(from[0]!, source.fieldPath);
    if (typeof value !== 'string') throw new Error(`${file}: replacement source field ${source.fieldPath} is missing or not a string`);
    for (const target of targets) {
      refuseUnknown(target, TARGET_KEYS, `${file}: replacement target`);
      refuseUnknown(target.options ?? {}, OPTION_KEYS, `${file}: replacement options`);
      const to = result.filter((o) => matches(o, target.select));
      if (to.length === 0) throw new Error(`${file}: replacement target ${JSON.stringify(target.select)} matches nothing`);
      result = result.map((o) => (to.includes(o) ? replaceIn(o, target.fieldPaths, value, target.options, file) : o));
    }
  }
  return result;
}

function refuseUnknown(object: object, known: ReadonlySet<string>, where: string): void {
  const unknown = Object.keys(object).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new Error(`${where}: this test build does not support ${unknown.join(', ')}`);
}

function matches(object: Manifest, select: { kind?: string; name?: string }): boolean {
  return (select.kind === undefined || select.kind === object.kind) && (select.name === undefined || select.name === object.metadata.name);
}

/** `spec.variables.[name=captureImage].expression` → ['spec', 'variables', {name: 'captureImage'}, 'expression']. */
function segments(fieldPath: string): (string | { key: string; value: string })[] {
  return fieldPath.split('.').map((part) => {
    const selector = /^\[([^=\]]+)=([^\]]*)\]$/.exec(part);
    return selector ? { key: selector[1]!, value: selector[2]! } : part;
  });
}

function step(node: unknown, segment: string | { key: string; value: string }): unknown {
  if (typeof segment === 'string') return node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined;
  if (!Array.isArray(node)) return undefined;
  return node.find((item) => (item as Record<string, unknown> | null)?.[segment.key] === segment.value);
}

function read(object: unknown, fieldPath: string): unknown {
  return segments(fieldPath).reduce(step, object);
}

function replaceIn(object: Manifest, fieldPaths: readonly string[], value: string, options: Replacement['targets'][number]['options'], file: string): Manifest {
  const copy = structuredClone(object);
  for (const fieldPath of fieldPaths) {
    const path = segments(fieldPath);
    const parent = path.slice(0, -1).reduce(step, copy as unknown) as Record<string, unknown> | undefined;
    const last = path.at(-1)!;
    if (typeof last !== 'string' || parent === undefined || typeof parent[last] !== 'string') {
      throw new Error(`${file}: replacement target field ${fieldPath} of ${object.kind} ${object.metadata.name} is missing or not a string`);
    }
    parent[last] = options?.delimiter === undefined ? value : replacePart(parent[last], value, options.delimiter, options.index ?? 0);
  }
  return copy;
}

/** As kustomize does it: split on the delimiter, put value at index (before all when < 0, after all past the end), join. */
function replacePart(current: string, value: string, delimiter: string, index: number): string {
  const parts = current.split(delimiter);
  if (index < 0) parts.unshift(value);
  else if (index >= parts.length) parts.push(value);
  else parts[index] = value;
  return parts.join(delimiter);
}
