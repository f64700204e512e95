// Security through the real command line (dist/cli.js, built by `npm test` before the tests):
// planted secrets appear in no stdout, stderr or report file of any reporter; TLS is
// verified unless --insecure, which is warned about; handler scripts never run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { start, type HostileServer } from '../support/hostile-server';
import { workspace } from '../support/run-harness';
import { leaksIn, secretsWorkspace } from '../support/secrets-fixture';
import { handlerWorkspace } from '../support/handler-fixture';

const CLI = resolve('dist', 'cli.js');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The test's environment without proxy settings: every request here goes to loopback directly. */
function cliEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  for (const k of Object.keys(env)) if (/^(https?|all|no)_proxy$/i.test(k)) delete env[k];
  return env;
}

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd, timeout: 60_000, env: cliEnv(env) }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

let server: HostileServer;

before(async () => {
  server = await start({ tls: true });
});

after(async () => {
  await server.close();
});

test('no reporter, stream or report file of a run shows a planted secret', { timeout: 120_000 }, async () => {
  const ws = await secretsWorkspace(server);
  try {
    const outputs: [string, string][] = [];
    for (const reporter of ['pretty', 'json', 'junit']) {
      // The trace log (BATCH_HTTP_LOG=trace) goes to stderr with everything else.
      const toStdout = await cli(['run', 'main.batch.http', '--env', 'dev', '--reporter', reporter], ws.dir, { BATCH_HTTP_LOG: 'trace' });
      assert.match(toStdout.stderr, /\btrace\b/, 'trace lines are on stderr');
      assert.equal(toStdout.code, 1, `${reporter}: some requests fail, so exit 1: ${toStdout.stderr}`);
      outputs.push([`${reporter} stdout`, toStdout.stdout], [`${reporter} stderr`, toStdout.stderr]);
      const file = join(ws.dir, `report-${reporter}.out`);
      const toFile = await cli(['run', 'main.batch.http', '-e', 'dev', '--reporter', reporter, '-o', file], ws.dir);
      assert.equal(toFile.code, 1);
      outputs.push([`${reporter} -o file`, await readFile(file, 'utf8')], [`${reporter} -o stdout`, toFile.stdout], [`${reporter} -o stderr`, toFile.stderr]);
    }
    const json = JSON.parse(outputs.find(([n]) => n === 'json -o file')![1]) as { results: { error: { code: string } | null }[] };
    assert.equal(json.results.length, 8, 'the report covers every request');
    assert.ok(outputs.find(([n]) => n === 'junit -o file')![1].includes('<testsuite'));
    const leaks = outputs.map(([name, text]) => [name, leaksIn(text)] as const).filter(([, l]) => l.length > 0);
    assert.deepEqual(leaks, []);
  } finally {
    await ws.dispose();
  }
});

test('TLS is verified by default; --insecure gets through and says so on stderr', { timeout: 60_000 }, async () => {
  const ws = await workspace(`# @retries 0\nGET ${server.tlsUrl}/ok\n`);
  try {
    const strict = await cli(['run', 'main.batch.http', '--reporter', 'json'], ws.dir);
    assert.equal(strict.code, 1);
    const report = JSON.parse(strict.stdout) as { results: { error: { code: string } | null }[] };
    assert.equal(report.results[0].error?.code, 'TLS_ERROR');
    assert.doesNotMatch(strict.stderr, /insecure/i);

    const insecure = await cli(['run', 'main.batch.http', '--reporter', 'json', '--insecure'], ws.dir);
    assert.equal(insecure.code, 0, insecure.stderr);
    assert.match(insecure.stderr, /\bwarn/i);
    assert.match(insecure.stderr, /insecure|certificate|TLS/i);
  } finally {
    await ws.dispose();
  }
});

test('handler scripts in a file run by the CLI never execute and are warned about', { timeout: 60_000 }, async () => {
  const { ws, markers } = await handlerWorkspace(server.url);
  try {
    const run = await cli(['run', 'main.batch.http', '--reporter', 'json'], ws.dir);
    assert.equal(run.code, 0, run.stderr);
    for (const line of [4, 9, 17, 20, 26]) assert.match(run.stderr, new RegExp(`main\\.batch\\.http:${line}:\\d+: warning: `));
    await new Promise((r) => setTimeout(r, 100));
    for (const m of markers) assert.equal(existsSync(m), false, `${m} exists: a script ran`);
  } finally {
    await ws.dispose();
  }
});
