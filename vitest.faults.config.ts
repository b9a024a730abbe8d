import { defineConfig } from 'vitest/config';
import { CountReporter } from './test/support/count-reporter.js';
import { FaultReporter } from './test/support/fault-reporter.js';

/** `npm run test:faults`: the fault-injection suite, one line per fault at the end. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: ['default', new CountReporter(), new FaultReporter()],
  },
});
