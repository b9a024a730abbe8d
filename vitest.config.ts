import { defineConfig } from 'vitest/config';
import { CountReporter } from './test/support/count-reporter.js';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The fault-injection suite runs on its own: npm run test:faults (vitest.faults.config.ts).
    exclude: ['test/faults/**', 'node_modules/**'],
    // Integration suites share one Redis and bind local ports: run files one after another.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', new CountReporter()],
  },
});
