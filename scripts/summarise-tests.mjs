// Prints the suite's closing line, "N passed, N failed", from vitest's JSON
// report plus the non-vitest checks, and exits non-zero on any failure.
import { existsSync, readFileSync } from 'node:fs';

const [file, checksPassed, checksFailed, vitestStatus] = process.argv.slice(2);
let passed = Number(checksPassed);
let failed = Number(checksFailed);
if (existsSync(file)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that failed to load has no tests to count: count it as a failure.
  const brokenSuites = report.testResults.filter(
    (r) => r.status === 'failed' && r.assertionResults.length === 0,
  ).length;
  failed += brokenSuites;
  if (report.numPendingTests + report.numTodoTests > 0) {
    console.log(
      `note: ${report.numPendingTests + report.numTodoTests} tests skipped or todo count as failed`,
    );
    failed += report.numPendingTests + report.numTodoTests;
  }
} else {
  console.log('vitest wrote no report: counting the test run as failed');
  failed += 1;
}
if (Number(vitestStatus) !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
