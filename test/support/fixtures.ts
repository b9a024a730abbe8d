import { resolve } from 'node:path';

/** The folder of real sysdig capture files the stand-ins serve and the triage tests read. */
export const FIXTURES_DIR = process.env.CAPTUREBOT_FIXTURES ?? resolve(import.meta.dirname, '../fixtures');

export function fixturePath(name: string): string {
  return resolve(FIXTURES_DIR, name);
}
