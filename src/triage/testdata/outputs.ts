import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIoEvents } from '../io-event.js';
import type { IoEvent } from '../io-event.js';
import type { TriageCommandName } from '../sysdig-commands.js';

const NAMES: readonly TriageCommandName[] = ['cpu', 'proc-io', 'conns', 'file-errors', 'syscall-errors', 'io'];

export type SavedFixture = 'curl_google' | 'balancer-502' | 'balancer-502-scoped' | 'single_ipv6_conn';

/** The saved stdout of one triage command over one fixture (see README.md). */
export function savedOutput(fixture: SavedFixture, name: TriageCommandName): string {
  return readFileSync(join(import.meta.dirname, `${fixture}.${name}.${name === 'cpu' ? 'txt' : 'json'}`), 'utf8');
}

/** Every saved output of a fixture, keyed as summariseTrace takes them. */
export function savedOutputs(fixture: SavedFixture): Partial<Record<TriageCommandName, string>> {
  const outputs: Partial<Record<TriageCommandName, string>> = {};
  for (const name of NAMES) {
    const path = join(import.meta.dirname, `${fixture}.${name}.${name === 'cpu' ? 'txt' : 'json'}`);
    if (existsSync(path)) outputs[name] = readFileSync(path, 'utf8');
  }
  return outputs;
}

export function savedIoEvents(fixture: SavedFixture): IoEvent[] {
  return parseIoEvents(savedOutput(fixture, 'io')).events;
}
