// Prints the suite's closing line, "N passed, N failed", from vitest's JSON
// reports plus the non-vitest checks, and exits non-zero on any failure.
//
//   node scripts/summarise-tests.mjs <checks passed> <checks failed> <report.json>:<vitest exit status> ...
import { existsSync, readFileSync } from 'node:fs';

const [checksPassed, checksFailed, ...runs] = process.argv.slice(2);
let passed = Number(checksPassed);
let failed = Number(checksFailed);
for (const run of runs) {
  const cut = run.lastIndexOf(':');
  const file = run.slice(0, cut);
  const status = Number(run.slice(cut + 1));
  let runFailed = 0;
  if (existsSync(file)) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    runFailed += report.numFailedTests;
    // A suite that failed to load has no tests to count: count it as a failure.
    runFailed += report.testResults.filter(
      (r) => r.status === 'failed' && r.assertionResults.length === 0,
    ).length;
    if (report.numPendingTests + report.numTodoTests > 0) {
      console.log(
        `note: ${report.numPendingTests + report.numTodoTests} tests skipped or todo in ${file} count as failed`,
      );
      runFailed += report.numPendingTests + report.numTodoTests;
    }
  } else {
    console.log(`vitest wrote no report ${file}: counting that run as failed`);
    runFailed += 1;
  }
  // vitest itself failed (a crash, an error outside any test) but no test did.
  if (status !== 0 && runFailed === 0) runFailed = 1;
  failed += runFailed;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
