// Hardening (issue 13, items 4, 5, 10) through the real command line (dist/cli.js): a report
// that cannot be written is found before anything is sent or said in one line after; too
// long durations are usage errors; SIGTERM reports what finished like SIGINT, exit 143.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type http from 'node:http';
import { runCli } from '../support/cli';
import { sendJson, startServer, type TestServer } from '../support/server';

let dir = '';
let server: TestServer;
/** Responses held back by /slow, answered when the test ends. */
const held: http.ServerResponse[] = [];
let onSlow: (() => void) | null = null;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bh-hard-cli-'));
  server = await startServer((req, res) => {
    if (req.url?.startsWith('/slow')) {
      held.push(res);
      onSlow?.();
      return;
    }
    sendJson(res, 200, { ok: true });
  });
});

after(async () => {
  for (const res of held) res.destroy();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  await writeFile(join(dir, name), text);
  return name;
}

function noStackTrace(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at |internal error|Unhandled|ERR_UNHANDLED/, stderr);
}

test('item 4: -o into a path that cannot be written is refused before anything is sent', async () => {
  await writeFile(join(dir, 'blocker'), 'a file, not a folder');
  const f = await file('ok.batch.http', `GET ${server.url}/a\n`);
  const seenBefore = server.seen.length;
  const r = await runCli(['run', f, '-o', join(dir, 'blocker', 'report.json'), '--reporter', 'json'], dir);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /cannot write the report to .*blocker.*nothing was sent/);
  noStackTrace(r.stderr);
  assert.equal(server.seen.length, seenBefore, 'no request was sent');
});

test('item 4: -o /dev/full and stdout on a full device fail in one clear line, exit 1', async () => {
  const f = await file('ok2.batch.http', `GET ${server.url}/b\n`);
  const toFile = await runCli(['run', f, '-o', '/dev/full', '-q'], dir);
  assert.equal(toFile.code, 1, toFile.stderr);
  assert.match(toFile.stderr, /cannot write the report to \/dev\/full: no space left on device \(ENOSPC\)/);
  noStackTrace(toFile.stderr);
  assert.equal(toFile.stderr.trim().split('\n').length, 1, toFile.stderr);

  const full = openSync('/dev/full', 'w');
  try {
    const child = spawn(process.execPath, [resolve('dist/cli.js'), 'run', f, '-q'], { cwd: dir, stdio: ['ignore', full, 'pipe'], env: { ...process.env, HTTP_PROXY: '', http_proxy: '' } });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    assert.equal(code, 1, stderr);
    assert.match(stderr, /cannot write the report to stdout: no space left on device/);
    noStackTrace(stderr);
  } finally {
    closeSync(full);
  }
});

test('item 5: -t, --deadline and @timeout of 2^31 ms or more are refused with a clear message', async () => {
  const f = await file('ok3.batch.http', `GET ${server.url}/c\n`);
  const seenBefore = server.seen.length;
  for (const args of [['-t', '35792m'], ['--deadline', '35792m'], ['--timeout', '2147483648']]) {
    const r = await runCli(['run', f, ...args], dir);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /longer than the longest timeout or deadline, 35791m/);
  }
  const inFile = await file('long.batch.http', `# @deadline 35792m\n\n###\n# @timeout 40000m\nGET ${server.url}/c\n`);
  const r = await runCli(['run', inFile], dir);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /long\.batch\.http:1:\d+: error: @deadline: '35792m' is longer/);
  assert.match(r.stderr, /long\.batch\.http:4:\d+: error: @timeout: '40000m' is longer/);
  assert.equal(server.seen.length, seenBefore, 'nothing was sent');
  // The longest accepted value still runs.
  const ok = await runCli(['run', f, '-t', '35791m', '-q'], dir);
  assert.equal(ok.code, 0, ok.stderr);
});

test('item 10: SIGTERM cancels the run, the report of what finished is written, exit 143', { timeout: 60_000 }, async () => {
  const f = await file('slow.batch.http', `# @concurrency 1\n\n### fast\nGET ${server.url}/fast\n\n### slow\nGET ${server.url}/slow\n\n### later\nGET ${server.url}/later\n`);
  const report = join(dir, 'term.json');
  const child: ChildProcess = spawn(process.execPath, [resolve('dist/cli.js'), 'run', f, '--reporter', 'json', '-o', report, '-q'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HTTP_PROXY: '', http_proxy: '' },
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  onSlow = () => child.kill('SIGTERM');
  const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  onSlow = null;
  assert.equal(code, 143, stderr);
  assert.match(stderr, /terminated, cancelling/);
  const json = JSON.parse(await readFile(report, 'utf8')) as { results: { title: string; outcome: string; error: { code: string } | null }[] };
  const byTitle = new Map(json.results.map((r) => [r.title, r]));
  assert.equal(byTitle.get('fast')?.outcome, 'succeeded');
  assert.equal(byTitle.get('slow')?.error?.code, 'CANCELLED');
  assert.equal(byTitle.get('later')?.error?.code, 'CANCELLED');
});
