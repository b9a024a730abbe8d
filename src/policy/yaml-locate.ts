import { isMap, isScalar } from 'yaml';
import type { Document, LineCounter } from 'yaml';

export type KeyPath = readonly PropertyKey[];

/**
 * The line and column of what a schema complaint is about: the key itself
 * for an unknown key, else the value at `path`, else (for a missing key) the
 * nearest enclosing node that exists.
 */
export function locate(
  doc: Document,
  lines: LineCounter,
  path: KeyPath,
  unknownKey?: string,
): { line: number; col: number } | undefined {
  const offset = unknownKey === undefined ? valueOffset(doc, path) : keyOffset(doc, path, unknownKey);
  return offset === undefined ? undefined : lines.linePos(offset);
}

function nodeAt(doc: Document, path: KeyPath): unknown {
  return path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
}

function rangeStart(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range = (node as { range?: readonly number[] }).range;
  return range?.[0];
}

function valueOffset(doc: Document, path: KeyPath): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const start = rangeStart(nodeAt(doc, path.slice(0, depth)));
    if (start !== undefined) return start;
  }
  return undefined;
}

function keyOffset(doc: Document, path: KeyPath, key: string): number | undefined {
  const map = nodeAt(doc, path);
  if (isMap(map)) {
    const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
    const start = rangeStart(pair?.key);
    if (start !== undefined) return start;
  }
  return valueOffset(doc, path);
}
