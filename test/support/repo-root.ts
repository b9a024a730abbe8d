import { fileURLToPath } from 'node:url';

/** The repository's root directory, wherever the tests are started from. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
