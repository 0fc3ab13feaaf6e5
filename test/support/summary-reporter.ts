import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the one plain closing line CI reads: `N passed, N failed, N skipped`, counted from the
 * real results. A file that failed outside any test (import error, failing hook) counts as one
 * failure, so a broken suite can never look green.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const testModule of testModules) {
      let moduleFailures = 0;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') moduleFailures++;
        else skipped++;
      }
      if (moduleFailures === 0 && testModule.errors().length > 0) moduleFailures = 1;
      failed += moduleFailures;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
