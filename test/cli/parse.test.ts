// `batch-http parse` end to end: runs the built CLI (dist/cli.js) on fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';

const CLI = resolve('dist/cli.js');
const FIX = 'test/fixtures/parser';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd = process.cwd()): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd, timeout: 30_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, BH_CLI_TEST: 'yes' } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

test('parse prints the spec example plan, field names and order included', async () => {
  const r = await cli(['parse', `${FIX}/cli/spec-example.batch.http`]);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  const actual = JSON.parse(r.stdout);
  const expected = JSON.parse(readFileSync(`${FIX}/cli/spec-example.expected.json`, 'utf8'));
  assert.deepEqual(actual, expected);
  assert.deepEqual(Object.keys(actual), ['version', 'settings', 'requests', 'diagnostics']);
  assert.deepEqual(Object.keys(actual.settings), ['concurrency', 'perHost', 'timeoutMs', 'deadlineMs', 'retries', 'rate', 'bail']);
  assert.deepEqual(Object.keys(actual.requests[0]), ['index', 'name', 'title', 'line', 'method', 'url', 'headers', 'body', 'dependsOn', 'timeoutMs', 'retries', 'followRedirects', 'expectStatus']);
  assert.deepEqual(Object.keys(actual.diagnostics[0]), ['severity', 'line', 'column', 'message']);
});

test('parse exits 2 with error diagnostics and still prints the JSON', async () => {
  const r = await cli(['parse', `${FIX}/cycles.batch.http`]);
  assert.equal(r.code, 2);
  const plan = JSON.parse(r.stdout);
  assert.equal(plan.requests.length, 7);
  assert.ok(plan.diagnostics.some((d: { severity: string; message: string }) => d.severity === 'error' && d.message.includes('dependency cycle')));
});

test('a body that is not UTF-8 is printed as bodyBase64', async () => {
  const r = await cli(['parse', `${FIX}/body-files.batch.http`]);
  const plan = JSON.parse(r.stdout);
  const bin = plan.requests[0];
  assert.equal(bin.body, null);
  assert.equal(bin.bodyBase64, Buffer.from([0, 1, 0xfe, 0xff, ...Buffer.from('binary')]).toString('base64'));
  assert.deepEqual(Object.keys(bin).slice(7, 9), ['body', 'bodyBase64']);
  assert.equal(plan.requests[1].body, 'plain {{not-substituted}}');
  assert.equal('bodyBase64' in plan.requests[1], false);
  assert.equal(r.code, 2, 'the fixture has a missing body file');
});

test('--env and --var pick values; precedence as the spec says', async () => {
  const r = await cli(['parse', `${FIX}/env/sub/deeper/precedence.batch.http`, '--env', 'dev', '--var', 'run=cli', '--var', 'p5=a=b']);
  assert.equal(r.code, 0, r.stderr);
  const url = new URL(JSON.parse(r.stdout).requests[0].url);
  assert.equal(url.searchParams.get('p1'), 'private-dev');
  assert.equal(url.searchParams.get('run'), 'cli');
  assert.equal(url.searchParams.get('p5'), 'a=b', 'only the first = splits');
});

test('an unknown environment is a usage error on stderr, exit 2', async () => {
  const r = await cli(['parse', `${FIX}/env/sub/deeper/precedence.batch.http`, '-e', 'nope']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /unknown environment 'nope'.*dev, prod, staging/);
});

test('a file outside the current directory uses its own directory as the workspace root', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bh-cli-'));
  try {
    const file = resolve(`${FIX}/env/sub/deeper/precedence.batch.http`);
    const r = await cli(['parse', file, '--env', 'dev'], dir);
    assert.equal(r.code, 2, 'the environment files above the file are out of reach');
    assert.match(r.stderr, /unknown environment 'dev'/);
    const ok = await cli(['parse', file], dir);
    assert.match(JSON.parse(ok.stdout).requests[0].url, /p1=file/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('usage errors and unreadable files exit 2 with a message on stderr', async () => {
  const cases: [string[], RegExp][] = [
    [['parse'], /missing FILE/],
    [['parse', 'a', 'b'], /expected one FILE/],
    [['parse', `${FIX}/separators.batch.http`, '--var', 'novalue'], /--var needs NAME=VALUE/],
    [['parse', `${FIX}/separators.batch.http`, '--bogus'], /Unknown option '--bogus'/],
    [['parse', `${FIX}/does-not-exist.batch.http`], /cannot read .*does-not-exist\.batch\.http: no such file/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
  }
  const dir = await mkdtemp(join(tmpdir(), 'bh-cli-'));
  try {
    const r = await cli(['parse', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read/);
    await writeFile(join(dir, 'ok.batch.http'), 'GET http://127.0.0.1/\n');
    const ok = await cli(['parse', 'ok.batch.http'], dir);
    assert.equal(ok.code, 0);
    assert.equal(JSON.parse(ok.stdout).requests[0].url, 'http://127.0.0.1/');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const help = await cli(['parse', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: batch-http parse FILE/);
});
