import { appendFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends a run with the plain line `tests: N passed, N failed` (and skipped,
 * when any). With CAPTUREBOT_TEST_COUNTS set, also appends the counts to that
 * file, so .ci/run can print one total for all its suites.
 */
export class CountReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of modules) {
      if (module.errors().length > 0 || module.state() === 'failed') failed += module.children.size === 0 ? 1 : 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    const line = `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
    process.stdout.write(`\ntests: ${line}\n`);
    const file = process.env.CAPTUREBOT_TEST_COUNTS;
    if (file) appendFileSync(file, `${passed} ${failed} ${skipped}\n`);
  }
}
