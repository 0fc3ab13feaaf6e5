import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration and end-to-end suites start DynamoDB Local and the emulators once per file;
    // two cores are shared, so files run one at a time beside a single fork.
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      POWERTOOLS_SERVICE_NAME: 'vehicle-export-test',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      LOG_LEVEL: 'SILENT',
    },
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
