#!/usr/bin/env node
// CI check: every shipped dependency (package.json "dependencies") is installed at the newest
// version its range allows, so a release that fixes a known problem is never missed.
// (`npm audit` cannot reach its endpoint from CI; `npm outdated` only needs the registry.)
// Exit 0: all current; 1: some dependency is behind (listed); 2: npm outdated could not run.
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function outdated() {
  return new Promise((done) => {
    execFile(npm, ['outdated', '--json', '--omit=dev'], { maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      // npm outdated exits 1 when something is outdated: the JSON on stdout decides, not the code.
      done({ failed: err && typeof err.code !== 'number', code: err ? err.code : 0, stdout, stderr });
    });
  });
}

/** The entries whose installed version is not the newest the range allows. */
export function behind(report, shipped) {
  const out = [];
  for (const [name, info] of Object.entries(report)) {
    if (!shipped.has(name)) continue;
    // A package may be listed once per place it is installed (an array in some npm versions).
    for (const entry of Array.isArray(info) ? info : [info]) {
      if (entry.current !== entry.wanted) out.push({ name, current: entry.current ?? '(not installed)', wanted: entry.wanted, latest: entry.latest });
    }
  }
  return out;
}

async function main() {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
  const shipped = new Set(Object.keys(pkg.dependencies ?? {}));
  const run = await outdated();
  let report;
  try {
    report = run.stdout.trim() ? JSON.parse(run.stdout) : {};
  } catch {
    report = null;
  }
  if (run.failed || report === null || (report && typeof report.error === 'object')) {
    const why = report?.error?.summary ?? (run.stderr.trim() || `exit code ${run.code}`);
    console.error(`check-outdated: could not ask the npm registry which versions exist (${why}).`);
    console.error('check-outdated: this check needs the registry; fix the network or the npm configuration and run it again.');
    process.exit(2);
  }
  const late = behind(report, shipped);
  if (late.length === 0) {
    console.log(`check-outdated: all ${shipped.size} shipped dependencies are at the newest version their range allows.`);
    return;
  }
  console.error('check-outdated: shipped dependencies behind the newest version their range allows:');
  for (const d of late) console.error(`  ${d.name}: installed ${d.current}, range allows ${d.wanted} (latest ${d.latest})`);
  console.error('check-outdated: run `npm update <name>` (package-lock.json) and commit the lock file.');
  process.exit(1);
}

// Run as a script, not when a test imports `behind` (bundled, import.meta.url is the test's).
if (process.argv[1] && /check-outdated\.mjs$/.test(process.argv[1]) && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
