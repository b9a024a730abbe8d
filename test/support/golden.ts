import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Compares a value with its golden JSON file. UPDATE_GOLDEN=1 rewrites the
 * file; otherwise a missing golden file fails the test rather than passing.
 */
export function expectGolden(value: unknown, file: URL): void {
  const json = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, json);
  if (!existsSync(file)) throw new Error(`golden file ${file.pathname} is missing (run with UPDATE_GOLDEN=1 once and review it)`);
  expect(JSON.parse(json)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}
