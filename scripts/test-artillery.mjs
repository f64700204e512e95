// `npm run test:artillery`: runs exported scenarios with a real Artillery against a local
// recording server. Artillery (big: ~600 MB) is installed once into a cache outside the
// repository and reused; the install and the test run are bounded in time.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';

const VERSION = '2.0.21'; // the newest Artillery that runs on Node 20
const INSTALL_TIMEOUT_MS = Number(process.env.ARTILLERY_INSTALL_TIMEOUT_MS ?? 15 * 60_000);
const TEST_TIMEOUT_MS = Number(process.env.ARTILLERY_TEST_TIMEOUT_MS ?? 10 * 60_000);
const repo = fileURLToPath(new URL('..', import.meta.url));
const cacheRoot = process.env.BATCH_HTTP_ARTILLERY_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'batch-http-artillery');
const home = join(cacheRoot, VERSION);
const entry = join(home, 'node_modules', 'artillery', 'bin', 'run');
const quietEnv = { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', npm_config_audit: 'false', npm_config_fund: 'false' };

function installedVersion() {
  try {
    return JSON.parse(readFileSync(join(home, 'node_modules', 'artillery', 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function ensureArtillery() {
  if (installedVersion() === VERSION && existsSync(join(home, '.complete'))) {
    console.error(`artillery ${VERSION}: reusing ${home}`);
    return;
  }
  mkdirSync(cacheRoot, { recursive: true });
  // Install into a fresh folder, then move it into place: an interrupted install is never reused.
  const staging = mkdtempSync(join(cacheRoot, `.install-${VERSION}-`));
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'batch-http-artillery-cache', private: true }));
  console.error(`artillery ${VERSION}: installing into ${staging} (once; bounded to ${INSTALL_TIMEOUT_MS / 1000} s)`);
  const started = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['install', '--no-save', '--no-package-lock', '--loglevel=error', `artillery@${VERSION}`], {
    cwd: staging,
    env: quietEnv,
    stdio: 'inherit',
    timeout: INSTALL_TIMEOUT_MS,
  });
  if (res.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`installing artillery@${VERSION} failed (${res.error ? res.error.message : `exit ${res.status}`})`);
  }
  writeFileSync(join(staging, '.complete'), `${new Date().toISOString()}\n`);
  rmSync(home, { recursive: true, force: true });
  renameSync(staging, home);
  console.error(`artillery ${VERSION}: installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function build() {
  const cli = spawnSync(process.execPath, ['esbuild.js', '--no-typecheck'], { cwd: repo, stdio: 'inherit' });
  if (cli.status !== 0) throw new Error('building the CLI failed');
  await esbuild.build({
    entryPoints: [join(repo, 'test/e2e/artillery.e2e.ts')],
    outfile: join(repo, 'out/e2e/artillery.e2e.mjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

function runTests() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-concurrency=1', join(repo, 'out/e2e/artillery.e2e.mjs')], {
      cwd: repo,
      env: { ...quietEnv, ARTILLERY_RUN: entry },
      stdio: 'inherit',
    });
    const timer = setTimeout(() => {
      console.error(`artillery tests: over ${TEST_TIMEOUT_MS / 1000} s, stopping`);
      child.kill('SIGTERM');
    }, TEST_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}

try {
  ensureArtillery();
  await build();
  process.exitCode = await runTests();
} catch (err) {
  console.error(`test:artillery: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
}
