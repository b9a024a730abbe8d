import { isDeepStrictEqual } from 'node:util';

/** One RFC 6902 operation; move and copy are not needed by our overlays and are refused. */
export interface PatchOperation {
  readonly op: 'add' | 'remove' | 'replace' | 'test';
  readonly path: string;
  readonly value?: unknown;
}

type Container = Record<string, unknown> | unknown[];

/** Applies a JSON patch to a copy of target; throws on the first operation that does not apply. */
export function applyJsonPatch<T>(target: T, operations: readonly PatchOperation[]): T {
  let document: unknown = structuredClone(target);
  for (const operation of operations) document = applyOne(document, operation);
  return document as T;
}

function applyOne(document: unknown, { op, path, value }: PatchOperation): unknown {
  if (!['add', 'remove', 'replace', 'test'].includes(op)) throw new Error(`unsupported JSON patch op ${op}`);
  const tokens = parsePointer(path);
  if (tokens.length === 0) {
    if (op === 'test') return expectEqual(document, value, path, document);
    if (op === 'remove') throw new Error('cannot remove the whole document');
    return structuredClone(value);
  }
  const parent = resolve(document, tokens.slice(0, -1), path);
  const key = tokens.at(-1)!;
  if (Array.isArray(parent)) {
    const index = key === '-' && op === 'add' ? parent.length : arrayIndex(key, parent.length + (op === 'add' ? 1 : 0), path);
    if (op === 'add') parent.splice(index, 0, structuredClone(value));
    else if (op === 'remove') parent.splice(index, 1);
    else if (op === 'replace') parent[index] = structuredClone(value);
    else expectEqual(parent[index], value, path, document);
    return document;
  }
  if (op !== 'add' && !Object.hasOwn(parent, key)) throw new Error(`JSON patch ${op}: nothing at ${path}`);
  if (op === 'remove') delete parent[key];
  else if (op === 'test') expectEqual(parent[key], value, path, document);
  else parent[key] = structuredClone(value);
  return document;
}

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`not a JSON pointer: ${path}`);
  return path.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolve(document: unknown, tokens: readonly string[], path: string): Container {
  let node = document;
  for (const token of tokens) {
    if (Array.isArray(node)) node = node[arrayIndex(token, node.length, path)];
    else if (isObject(node) && Object.hasOwn(node, token)) node = node[token];
    else throw new Error(`JSON patch: nothing at ${path}`);
  }
  if (!Array.isArray(node) && !isObject(node)) throw new Error(`JSON patch: ${path} is not inside an object or array`);
  return node;
}

function arrayIndex(token: string, limit: number, path: string): number {
  if (!/^(0|[1-9]\d*)$/.test(token) || Number(token) >= limit) throw new Error(`JSON patch: no index ${token} at ${path}`);
  return Number(token);
}

function expectEqual(actual: unknown, expected: unknown, path: string, document: unknown): unknown {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(`JSON patch test failed at ${path}: found ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
  return document;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
