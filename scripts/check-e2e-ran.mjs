// CI guard: fails unless the end-to-end tests really ran (and passed) in this CI run. Each
// writes test-results/e2e/<name>/ran.json when it runs; a skipped test writes none.
//   node scripts/check-e2e-ran.mjs <epoch-ms the run started> <name>...
import { readFileSync } from 'node:fs';

const [sinceArg, ...names] = process.argv.slice(2);
const since = Number(sinceArg ?? 0);
if (names.length === 0) names.push('editor', 'extension-host');
let failed = false;
for (const name of names) {
  const file = `test-results/e2e/${name}/ran.json`;
  let marker;
  try {
    marker = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.error(`end-to-end check: ${file} is missing or unreadable (${err.code ?? err.message}): the ${name} test did not run`);
    failed = true;
    continue;
  }
  const problems = [];
  if (!(Date.parse(marker.ranAt) >= since)) problems.push(`its marker is from ${marker.ranAt}, before this run`);
  if (marker.passed !== true) problems.push('it did not pass');
  if (!Array.isArray(marker.scenarios) || marker.scenarios.length === 0) problems.push('no scenario ran');
  if (problems.length > 0) {
    console.error(`end-to-end check: ${name}: ${problems.join('; ')}`);
    failed = true;
    continue;
  }
  const names = marker.scenarios.map((s) => s.name).join('; ');
  console.log(`end-to-end check: ${name} ran in code-server ${marker.codeServerVersion} and passed (${Math.round(marker.durationMs / 1000)} s): ${names}`);
}
process.exit(failed ? 1 : 0);
