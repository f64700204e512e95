// `npm run demo`: builds the CLI if needed, starts the demo API on a random free port of
// 127.0.0.1, runs examples/demo.batch.http, examples/assertions.batch.http (checks of the
// responses) and examples/jobs.batch.http (polling and first K) through the CLI (pretty
// reports), stops the API and exits with the first non-zero CLI status (else 0).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from '../examples/demo-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (!existsSync(cli) || statSync(cli).mtimeMs < newest(join(root, 'src'))) {
  console.error('demo: building the CLI...');
  const build = spawnSync(process.execPath, [join(root, 'esbuild.js'), '--no-typecheck'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const demo = await startDemoServer(0);
let child = null;
process.on('SIGINT', () => child?.kill('SIGINT'));

/** Runs one example file through the CLI; resolves to its exit status. */
function runExample(file) {
  console.error(`demo: API on ${demo.url}; running ${file}\n`);
  child = spawn(process.execPath, [cli, 'run', file, '--var', `baseUrl=${demo.url}`, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (c, sig) => resolve(c ?? (sig ? 130 : 1))));
}

// The demo batch, then the asynchronous job and first-K patterns (examples/jobs.batch.http).
let code = await runExample('examples/demo.batch.http');
if (code === 0) code = await runExample('examples/jobs.batch.http');
if (code === 0) code = await runExample('examples/assertions.batch.http');
await demo.close();
process.exit(code);
