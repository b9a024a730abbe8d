/** One thing wrong with the policy file; line and column are 1-based, absent when the file as a whole is wrong. */
export interface PolicyProblem {
  readonly line?: number;
  readonly col?: number;
  /** The setting concerned, e.g. `rules[0].maxDuration`. */
  readonly key?: string;
  readonly reason: string;
}

function describe(file: string, problem: PolicyProblem): string {
  const at = problem.line === undefined ? file : `${file}:${problem.line}:${problem.col ?? 1}`;
  return problem.key === undefined ? `${at}: ${problem.reason}` : `${at}: ${problem.key}: ${problem.reason}`;
}

/**
 * A policy file that cannot be used. The message is one line,
 * `file:line:col: key: reason`, for the first problem in the file; all of
 * them are in `problems`.
 */
export class PolicyFileError extends Error {
  override readonly name: string = 'PolicyFileError';
  readonly lines: readonly string[];

  constructor(
    readonly file: string,
    readonly problems: readonly [PolicyProblem, ...PolicyProblem[]],
    options?: ErrorOptions,
  ) {
    const lines = problems.map((problem) => describe(file, problem));
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    super(`${lines[0]}${more}`, options);
    this.lines = lines;
  }
}
