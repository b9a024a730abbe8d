import { showToken } from './show-token.js';
import type { ValueReading } from './value-reading.js';

/** A label key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
const KEY = /^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** A label value: empty, or at most 63 characters starting and ending with a letter or digit. */
const VALUE = /^(?:[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const TERM = /^(!?)([^=!]+)(?:(==|=|!=)(.*))?$/;

function termProblem(term: string): string | undefined {
  const match = TERM.exec(term);
  if (!match) return `${showToken(term)} is not a label requirement`;
  const [, negation, key = '', operator, value] = match;
  if (!KEY.test(key)) return `${showToken(key)} is not a label key`;
  if (negation && operator) return `${showToken(term)} mixes \`!\` with \`${operator}\``;
  if (operator && !VALUE.test(value ?? '')) return `${showToken(value ?? '')} is not a label value`;
  return undefined;
}

/**
 * Reads the value of `-l`: a label selector made of equality-based
 * requirements separated by commas, as kubectl takes them: `app=web`,
 * `tier!=db`, `app==web`, `canary` (has the label), `!canary` (has not).
 * Set-based requirements (`in`, `notin`) hold spaces, which the command line
 * splits, so they are refused with a hint.
 */
export function readLabelSelector(text: string): ValueReading<string> {
  const terms = text.split(',');
  if (text === '' || terms.some((term) => term === '')) {
    return { problem: `The label selector ${showToken(text)} has an empty requirement: write it like \`-l app=web,tier=front\`.` };
  }
  for (const term of terms) {
    const problem = termProblem(term);
    if (problem) {
      return { problem: `${problem} in the label selector ${showToken(text)}: write requirements like \`app=web\`, \`tier!=db\` or \`canary\`, separated by commas (\`in (…)\` is not supported).` };
    }
  }
  return { value: text };
}

export function isLabelSelector(text: string): boolean {
  return 'value' in readLabelSelector(text);
}
