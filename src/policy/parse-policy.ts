import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { PolicyFileError } from './policy-file-error.js';
import { policyIdPlaces } from './policy-ids.js';
import type { PolicyProblem } from './policy-file-error.js';
import { policySchema } from './policy-schema.js';
import type { Policy } from './policy-schema.js';
import { locate } from './yaml-locate.js';
import type { KeyPath } from './yaml-locate.js';

/**
 * Parses and validates the text of a policy file. Throws a PolicyFileError
 * naming `sourceName:line:col` and the reason for the first problem.
 *
 * An empty file is refused rather than read as "no policy": it is more
 * likely a ConfigMap mounted wrong than a wish for the four-eyes default.
 */
export function parsePolicy(yamlText: string, sourceName: string): Policy {
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lines, prettyErrors: false });
  const [syntaxError, ...moreSyntaxErrors] = doc.errors.map(
    (error): PolicyProblem => ({ ...lines.linePos(error.pos[0]), reason: `YAML syntax: ${error.message}` }),
  );
  if (syntaxError !== undefined) throw new PolicyFileError(sourceName, [syntaxError, ...moreSyntaxErrors]);

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    throw new PolicyFileError(sourceName, [{ reason: `YAML: ${(error as Error).message}` }], { cause: error });
  }
  if (data === null || data === undefined) {
    throw new PolicyFileError(sourceName, [
      { reason: 'the policy file is empty: write defaults: and rules:, or unset CAPTUREBOT_POLICY for the four-eyes default' },
    ]);
  }

  const parsed = policySchema.safeParse(data);
  if (parsed.success) return { ...parsed.data, ids: policyIdPlaces(doc, lines, sourceName) };
  const problems = parsed.error.issues
    .flatMap((issue) => problemsOf(issue, (path, key) => locate(doc, lines, path, key)))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  const [first, ...rest] = problems;
  if (first === undefined) throw new PolicyFileError(sourceName, [{ reason: parsed.error.message }]);
  throw new PolicyFileError(sourceName, [first, ...rest]);
}

type Locator = (path: KeyPath, unknownKey?: string) => { line: number; col: number } | undefined;

/** One problem per unknown key, each at its own line. */
function problemsOf(issue: z.core.$ZodIssue, where: Locator): PolicyProblem[] {
  if (issue.code !== 'unrecognized_keys') {
    const key = issue.path.length === 0 ? {} : { key: formatKeyPath(issue.path) };
    return [{ ...where(issue.path), ...key, reason: issue.message }];
  }
  return issue.keys.map((unknown) => ({
    ...where(issue.path, unknown),
    key: formatKeyPath([...issue.path, unknown]),
    reason: `unknown key ${JSON.stringify(unknown)} (${issue.message})`,
  }));
}

/** `['rules', 0, 'maxDuration']` → `rules[0].maxDuration`. */
function formatKeyPath(path: KeyPath): string {
  return path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}
