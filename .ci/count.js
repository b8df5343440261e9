// Sums jest --json result files in a directory and prints the CI summary line.
// A suite that crashed before writing its file counts as one failure.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
let passed = 0;
let failed = 0;
for (const name of fs.readdirSync(dir).sort()) {
  const file = path.join(dir, name);
  if (name.endsWith('.missing')) {
    console.log(`${name.replace(/\.missing$/, '')}: no results (suite crashed)`);
    failed += 1;
    continue;
  }
  if (!name.endsWith('.json')) continue;
  const result = JSON.parse(fs.readFileSync(file, 'utf8'));
  const suiteErrors = result.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
  console.log(`${name}: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${result.numPendingTests} skipped${suiteErrors ? `, ${suiteErrors} suites failed to run` : ''}`);
  passed += result.numPassedTests;
  failed += result.numFailedTests + suiteErrors;
  if (result.numPendingTests > 0) {
    console.log(`${name}: skipped tests are not allowed`);
    failed += result.numPendingTests;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
