import { readFile } from 'node:fs/promises';
import { parsePolicy } from './parse-policy.js';
import { PolicyFileError } from './policy-file-error.js';
import type { Policy } from './policy-schema.js';

/** The text of the policy file; a file that cannot be read is a PolicyFileError too. */
export async function readPolicyText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = `cannot read the policy file: ${(error as Error).message}`;
    throw new PolicyFileError(path, [{ reason }], { cause: error });
  }
}

/** Reads and validates the file CAPTUREBOT_POLICY names; throws PolicyFileError (`file:line:col: reason`). */
export async function loadPolicyFile(path: string): Promise<Policy> {
  return parsePolicy(await readPolicyText(path), path);
}
