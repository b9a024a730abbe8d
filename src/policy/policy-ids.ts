import { isMap, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter } from 'yaml';
import { CHANNEL_ID, GROUP_ID } from './slack-ids.js';

export type PolicyIdKind = 'user group' | 'channel' | 'user';

/** A Slack id the policy file names, and where: to name the line when Slack does not know it. */
export interface PolicyIdPlace {
  readonly id: string;
  readonly kind: PolicyIdKind;
  /** The policy file, as CAPTUREBOT_POLICY names it. */
  readonly file: string;
  readonly line: number;
  /** The setting, e.g. `rules[0].approvers`. */
  readonly key: string;
}

function kindOf(id: string): PolicyIdKind {
  if (GROUP_ID.test(id)) return 'user group';
  if (CHANNEL_ID.test(id)) return 'channel';
  return 'user';
}

const ID_LISTS = ['channels', 'requesters', 'approvers'] as const;

/** Every id under defaults.approvers and each rule's channels, requesters and approvers, in file order. */
export function policyIdPlaces(doc: Document, lines: LineCounter, file: string): PolicyIdPlace[] {
  const places: PolicyIdPlace[] = [];
  const collect = (node: unknown, key: string): void => {
    if (!isSeq(node)) return;
    for (const item of node.items) {
      if (!isScalar(item) || typeof item.value !== 'string' || item.range === undefined || item.range === null) continue;
      places.push({ id: item.value, kind: kindOf(item.value), file, line: lines.linePos(item.range[0]).line, key });
    }
  };
  collect(doc.getIn(['defaults', 'approvers'], true), 'defaults.approvers');
  const rules = doc.get('rules', true);
  if (isSeq(rules)) {
    rules.items.forEach((rule, index) => {
      if (!isMap(rule)) return;
      for (const list of ID_LISTS) collect(rule.get(list, true), `rules[${index}].${list}`);
    });
  }
  return places;
}

/** `line 17 of /etc/capturebot/policy.yaml (rules[0].approvers)`: every place the file names the id. */
export function whereNamed(places: readonly PolicyIdPlace[] | undefined, id: string): string {
  const named = (places ?? []).filter((candidate) => candidate.id === id);
  const first = named[0];
  if (first === undefined) return 'the policy file';
  const lines = named.map((place) => `${place.line} (${place.key})`);
  return `${lines.length === 1 ? 'line' : 'lines'} ${lines.join(', ')} of ${first.file}`;
}
