import type { Reporter, TestModule, TestSuite } from 'vitest/node';

/** A fault is a top-level describe named `fault N (…)`; its tests are the ways it is injected. */
const FAULT = /^fault \d+\b/;

interface FaultResult {
  readonly name: string;
  readonly survived: boolean;
}

function faultsOf(module: TestModule): FaultResult[] {
  const moduleBroken = module.errors().length > 0;
  const faults: FaultResult[] = [];
  for (const suite of module.children.suites()) {
    if (!FAULT.test(suite.name)) continue;
    faults.push({ name: suite.name, survived: !moduleBroken && suiteSurvived(suite) });
  }
  return faults;
}

function suiteSurvived(suite: TestSuite): boolean {
  if (suite.errors().length > 0) return false;
  let ran = 0;
  for (const test of suite.children.allTests()) {
    const state = test.result().state;
    if (state === 'failed') return false;
    if (state === 'passed') ran += 1;
  }
  return ran > 0 && suite.state() !== 'failed';
}

/**
 * `npm run test:faults`: after vitest's own report, one line per fault with
 * `survived` or `failed`, then `N passed, N failed` counting faults.
 */
export class FaultReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const faults = modules.flatMap(faultsOf).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    const lines = faults.map((f) => `${f.name}: ${f.survived ? 'survived' : 'failed'}`);
    const passed = faults.filter((f) => f.survived).length;
    lines.push(`${passed} passed, ${faults.length - passed} failed`);
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}
