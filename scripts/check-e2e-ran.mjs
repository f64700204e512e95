// CI guard: fails unless the end-to-end editor test really ran (and passed) in this CI run.
// The test writes test-results/e2e/e2e-ran.json when it runs; a skipped test writes none.
//   node scripts/check-e2e-ran.mjs <epoch-ms the run started>
import { readFileSync } from 'node:fs';

const file = 'test-results/e2e/e2e-ran.json';
const since = Number(process.argv[2] ?? 0);
let marker;
try {
  marker = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.error(`end-to-end check: ${file} is missing or unreadable (${err.message}): the editor test did not run`);
  process.exit(1);
}
const problems = [];
if (!(Date.parse(marker.ranAt) >= since)) problems.push(`the marker is from ${marker.ranAt}, before this run`);
if (marker.passed !== true) problems.push('the run did not pass');
if (!Array.isArray(marker.scenarios) || marker.scenarios.length < 5) problems.push(`only ${marker.scenarios?.length ?? 0} scenarios ran`);
if (problems.length > 0) {
  console.error(`end-to-end check failed: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(`end-to-end check: ${marker.scenarios.length} editor scenarios passed in code-server ${marker.codeServerVersion} (${Math.round(marker.durationMs / 1000)} s)`);
